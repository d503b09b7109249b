"""A household's claim for relief after a named disaster: one per household and disaster,
however often the family sends it (its id is derived from both, so a second one collides).
The sender's number is personal data: sealed with the claimant's key, erased with them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

CLAIM_NAMESPACE = uuid5(NAMESPACE_URL, "https://taawun.ma/intake/relief-claims")


class ClaimOutcome(StrEnum):
    """What an SMS claim came to: the answer sent back, and what is counted."""

    RECEIVED = "received"
    # Received, but intake has no record yet of how the disaster hit the household: the claim
    # stands, and grants settles it when the census records the impact.
    RECEIVED_AWAITING_RECORD = "received_awaiting_record"
    ALREADY_RECEIVED = "already_received"
    NOT_UNDERSTOOD = "not_understood"
    NOT_FOUND = "not_found"  # no open record with that ID and birth date (we say no more)
    NO_HOUSEHOLD = "no_household"  # found, but heads no household
    NOT_DECLARED = "not_declared"  # the household lives outside every declared zone

    @property
    def claimed(self) -> bool:
        return self in (ClaimOutcome.RECEIVED, ClaimOutcome.RECEIVED_AWAITING_RECORD)


class ReliefClaim(Aggregate):
    class Claimed(Aggregate.Created):
        household_id: UUID
        claimant_id: UUID
        disaster: str
        province_code: str
        channel: str
        message_id: str
        sealed_sender: str | None
        received_at: datetime

    @staticmethod
    def create_id(household_id: UUID, disaster: str) -> UUID:
        return uuid5(CLAIM_NAMESPACE, f"{household_id}/{disaster}")

    @event(Claimed)
    def __init__(
        self,
        *,
        household_id: UUID,
        claimant_id: UUID,
        disaster: str,
        province_code: str,
        channel: str,
        message_id: str,
        sealed_sender: str | None,
        received_at: datetime,
    ) -> None:
        self.household_id = household_id
        self.claimant_id = claimant_id
        self.disaster = disaster
        self.province_code = province_code
        self.channel = channel
        self.message_id = message_id
        self.sealed_sender = sealed_sender
        self.received_at = received_at

    @classmethod
    def claim(cls, *, household_id: UUID, disaster: str, **fields: object) -> ReliefClaim:
        """Its id comes from `create_id`: the same household and disaster, the same claim."""
        return cls(household_id=household_id, disaster=disaster, **fields)  # type: ignore[arg-type]
