"""Grants' HTTP interface."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from fastapi import APIRouter, Depends, HTTPException, Request, status
from pydantic import BaseModel

from services.grants.application import GrantsApplication
from shared.auth import Principal, Role
from shared.http.security import require_role

router = APIRouter(prefix="/eligibility-reviews", tags=["eligibility reviews"])

Reader = Annotated[
    Principal,
    Depends(require_role(Role.CASEWORKER, Role.APPROVER, Role.AUDITOR, Role.ADMIN)),
]


class ReviewView(BaseModel):
    review_id: UUID
    beneficiary_id: UUID
    province_code: str
    category: str
    status: str


@router.get("/by-beneficiary/{beneficiary_id}", response_model=ReviewView)
def review_of(beneficiary_id: UUID, principal: Reader, request: Request) -> ReviewView:
    app: GrantsApplication = request.app.state.grants
    try:
        review = app.review_for(beneficiary_id)
    except AggregateNotFoundError as e:
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
