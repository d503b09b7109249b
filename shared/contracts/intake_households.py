"""Contracts intake publishes about households. The address (douar, street or house) is
personal data and never travels: other services get ids, codes, relations and impacts."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, ClassVar

from shared.contracts.base import Contract

if TYPE_CHECKING:
    from shared.contracts.registry import ContractRegistry

HOUSEHOLDS_TOPIC = "intake.households"


class HouseholdRegisteredV1(Contract):
    """A household was registered with an enrolled beneficiary at its head."""

    TYPE: ClassVar[str] = "HouseholdRegistered"
    VERSION: ClassVar[int] = 1

    household_id: uuid.UUID
    head_id: uuid.UUID
    province_code: str
    commune_code: str


class HouseholdMemberAddedV1(Contract):
    """`relation` is the member's relation to the head (spouse, child, parent, ...)."""

    TYPE: ClassVar[str] = "HouseholdMemberAdded"
    VERSION: ClassVar[int] = 1

    household_id: uuid.UUID
    beneficiary_id: uuid.UUID
    relation: str


class HouseholdMemberRemovedV1(Contract):
    TYPE: ClassVar[str] = "HouseholdMemberRemoved"
    VERSION: ClassVar[int] = 1

    household_id: uuid.UUID
    beneficiary_id: uuid.UUID


class HouseholdDisasterImpactRecordedV1(Contract):
    """How a named disaster hit a household. A later one for the same household and disaster
    is a correction: it replaces the earlier one (count each household once per disaster)."""

    TYPE: ClassVar[str] = "HouseholdDisasterImpactRecorded"
    VERSION: ClassVar[int] = 1

    household_id: uuid.UUID
    province_code: str
    disaster: str
    evacuated: bool
    damage: str  # none, repairable, destroyed


CONTRACTS: tuple[type[Contract], ...] = (
    HouseholdRegisteredV1,
    HouseholdMemberAddedV1,
    HouseholdMemberRemovedV1,
    HouseholdDisasterImpactRecordedV1,
)


def register(registry: ContractRegistry) -> None:
    for contract in CONTRACTS:
        registry.register(contract.TYPE, contract.VERSION, contract)
