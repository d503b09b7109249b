"""Contracts intake publishes about relief claims. A claim arrives by SMS with the claimant's
national ID and birth date; neither travels, nor does the sender's number: other services get
the household, the disaster and where the household lives."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from shared.contracts.base import Contract

if TYPE_CHECKING:
    from shared.contracts.registry import ContractRegistry

CLAIMS_TOPIC = "intake.claims"


class ReliefClaimedV1(Contract):
    """A household claimed relief for a named disaster: one per household and disaster,
    however often the claim was sent. `claim_id` is uuid5 of household and disaster.
    `claimant_id` is the enrolled beneficiary who claimed (the household's head)."""

    TYPE: ClassVar[str] = "ReliefClaimed"
    VERSION: ClassVar[int] = 1

    claim_id: uuid.UUID
    household_id: uuid.UUID
    claimant_id: uuid.UUID
    disaster: str
    province_code: str
    channel: str  # "sms"
    claimed_at: datetime


CONTRACTS: tuple[type[Contract], ...] = (ReliefClaimedV1,)


def register(registry: ContractRegistry) -> None:
    for contract in CONTRACTS:
        registry.register(contract.TYPE, contract.VERSION, contract)
