"""Grants' use cases, one method each."""

from __future__ import annotations

from uuid import UUID

from services.grants.domain.eligibility_review import EligibilityReview
from shared.eventstore import TaawunApplication


class GrantsApplication(TaawunApplication):
    name = "grants"

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
        self.save(review)
        return review.id

    def review_for(self, beneficiary_id: UUID) -> EligibilityReview:
        found: EligibilityReview = self.repository.get(EligibilityReview.create_id(beneficiary_id))
        assert isinstance(found, EligibilityReview)
        return found
