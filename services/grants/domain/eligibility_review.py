"""A case opened to review whether a beneficiary is eligible for the agency's programmes."""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event


class EligibilityReview(Aggregate):
    class Opened(Aggregate.Created):
        beneficiary_id: UUID
        province_code: str
        category: str
        actor: str
        reason: str | None
        traceparent: str | None

    @staticmethod
    def create_id(beneficiary_id: UUID) -> UUID:
        """One review per beneficiary: a second attempt collides on the id, never duplicates."""
        return uuid5(NAMESPACE_URL, f"taawun:eligibility-review:{beneficiary_id}")

    @event(Opened)
    def __init__(
        self,
        *,
        beneficiary_id: UUID,
        province_code: str,
        category: str,
        actor: str,
        reason: str | None,
        traceparent: str | None,
    ) -> None:
        self.beneficiary_id = beneficiary_id
        self.province_code = province_code
        self.category = category
        self.status = "open"
