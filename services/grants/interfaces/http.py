"""Grants' HTTP interface: parse, call one use case, shape the answer."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, HTTPException, Request, status
from pydantic import BaseModel

from services.grants.application import EligibilityReviews, NoReviewFor
from shared.http.security import Reader

router = APIRouter(prefix="/eligibility-reviews", tags=["eligibility reviews"])


class ReviewView(BaseModel):
    review_id: UUID
    beneficiary_id: UUID
    province_code: str
    category: str
    status: str


@router.get("/by-beneficiary/{beneficiary_id}", response_model=ReviewView)
def review_of(beneficiary_id: UUID, principal: Reader, request: Request) -> ReviewView:
    reviews: EligibilityReviews = request.app.state.reviews
    try:
        review = reviews.review_for(beneficiary_id)
    except NoReviewFor as e:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, detail="no review for this beneficiary"
        ) from e
    principal.require_province(review.province_code)
    return ReviewView(
        review_id=review.id,
        beneficiary_id=review.beneficiary_id,
        province_code=review.province_code,
        category=review.category,
        status=review.status,
    )
