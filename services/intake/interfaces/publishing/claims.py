"""Relief claims go out without the sender: the household, the claimant's record id and the
disaster are all another service needs."""

from __future__ import annotations

from typing import Any

from services.intake.domain.relief_claim import ReliefClaim
from shared.contracts.intake_claims import CLAIMS_TOPIC, ReliefClaimedV1
from shared.messaging.publishing import KEPT_IN, Translators
from shared.messaging.relay import Publication


def _claimed(event: Any) -> Publication:
    return Publication(
        CLAIMS_TOPIC,
        ReliefClaimedV1(
            claim_id=event.originator_id,
            household_id=event.household_id,
            claimant_id=event.claimant_id,
            disaster=event.disaster,
            province_code=event.province_code,
            channel=event.channel,
            claimed_at=event.received_at,
        ),
    )


CLAIM_EVENTS: Translators = {
    ReliefClaim.Created: KEPT_IN,
    ReliefClaim.Claimed: _claimed,
}
