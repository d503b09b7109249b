"""Grants' reactions to other services' events: translate the contract, call one use case.

Each runs inside the inbox's transaction (the `UnitOfWork` bootstrap gives the inbox), so the
new events and the inbox row commit together.
"""

from __future__ import annotations

from collections.abc import Callable

from services.grants.application import EligibilityReviews
from shared.contracts import DecodedEvent
from shared.contracts.intake import BeneficiaryEnrolledV2
from shared.tracing import current_traceparent

# The inbox passes its transaction's session too; these need none of it (the use cases' adapters
# join the open unit of work), so any object will do: a unit test passes None.
Reaction = Callable[[DecodedEvent, object], None]


def effects(reviews: EligibilityReviews) -> dict[str, Reaction]:
    def on_beneficiary_enrolled(event: DecodedEvent, _: object) -> None:
        payload = event.payload
        assert isinstance(payload, BeneficiaryEnrolledV2)
        reviews.open_eligibility_review(
            beneficiary_id=payload.beneficiary_id,
            province_code=payload.province_code,
            category=payload.categories[0],
            actor="grants",
            reason=f"{event.type} {event.envelope.event_id}",
            traceparent=current_traceparent(),
        )

    return {BeneficiaryEnrolledV2.TYPE: on_beneficiary_enrolled}
