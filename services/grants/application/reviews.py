"""Eligibility reviews: one opened per enrolled beneficiary, read back by beneficiary."""

from __future__ import annotations

from uuid import UUID

from services.grants.application.ports import Reviews
from services.grants.domain.eligibility_review import EligibilityReview


class NoReviewFor(LookupError):
    def __init__(self, beneficiary_id: UUID) -> None:
        super().__init__(f"no eligibility review for beneficiary {beneficiary_id}")
        self.beneficiary_id = beneficiary_id


class EligibilityReviews:
    def __init__(self, reviews: Reviews) -> None:
        self._reviews = reviews

    def open_eligibility_review(
        self,
        *,
        beneficiary_id: UUID,
        province_code: str,
        category: str,
        actor: str,
        reason: str,
        traceparent: str | None = None,
    ) -> UUID:
        review = EligibilityReview(
            beneficiary_id=beneficiary_id,
            province_code=province_code,
            category=category,
            actor=actor,
            reason=reason,
            traceparent=traceparent,
        )
        self._reviews.add(review)
        return review.id

    def review_for(self, beneficiary_id: UUID) -> EligibilityReview:
        review = self._reviews.get(EligibilityReview.create_id(beneficiary_id))
        if review is None:
            raise NoReviewFor(beneficiary_id)
        return review
