"""Grants' reactions to other services' events: translate the contract, call the use case.

Each runs inside the inbox's transaction, so the new events and the inbox row commit together.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.grants.application import GrantsApplication
from shared.contracts import DecodedEvent
from shared.contracts.intake import BeneficiaryEnrolledV2
from shared.messaging.inbox import Effect
from shared.tracing import current_traceparent


def effects(app: GrantsApplication) -> dict[str, Effect]:
    def on_beneficiary_enrolled(event: DecodedEvent, _: Session) -> None:
        payload = event.payload
        assert isinstance(payload, BeneficiaryEnrolledV2)
        app.open_eligibility_review(
            beneficiary_id=payload.beneficiary_id,
            province_code=payload.province_code,
            category=payload.categories[0],
            actor="grants",
            reason=f"{event.type} {event.envelope.event_id}",
            traceparent=current_traceparent(),
        )

    return {BeneficiaryEnrolledV2.TYPE: on_beneficiary_enrolled}
