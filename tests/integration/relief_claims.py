"""A family's SMS claim of flood relief as intake publishes it on `intake.claims` (intake's side
is built apart): encoded as intake's relay encodes it and put on the bus by the test."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime

from services.grants.domain.reference_programmes import FLOODS_2026_02
from shared.contracts.envelope import Envelope
from shared.contracts.intake_claims import CLAIMS_TOPIC, ReliefClaimedV1
from tests.platform import Platform

# Grants' inbox knows a message by (origin, position): far above the positions of intake's own
# events, so a claim is never taken for one of them already applied.
_positions = itertools.count(1_000_000_000)


def claim_message(household_id: str, claimant_id: str, province: str) -> tuple[bytes, bytes]:
    """(key, value): keyed by the claim, one per household and disaster."""
    claim_id = uuid.uuid5(uuid.NAMESPACE_URL, f"taawun:claim:{household_id}:{FLOODS_2026_02}")
    claim = ReliefClaimedV1(
        claim_id=claim_id,
        household_id=uuid.UUID(household_id),
        claimant_id=uuid.UUID(claimant_id),
        disaster=FLOODS_2026_02,
        province_code=province,
        channel="sms",
        claimed_at=datetime.now(UTC),
    )
    value = Envelope.encode_fields(
        claim,
        origin="intake",
        position=next(_positions),
        aggregate_id=claim_id,
        aggregate_version=1,
        occurred_at=claim.claimed_at,
        actor="sms",
        reason=None,
    )
    return str(claim_id).encode(), value


async def claim_relief(
    platform: Platform, household_id: str, claimant_id: str, province: str = "LAR"
) -> tuple[bytes, bytes]:
    """The claim put on `intake.claims`; (key, value) to send it again."""
    key, value = claim_message(household_id, claimant_id, province)
    await platform.inject(CLAIMS_TOPIC, key, value)
    return key, value
