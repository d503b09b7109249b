"""What applying many of intake's messages at once needs besides `IntakeFacts` and
`Proposals`: the same facts and decisions, read and written many in one go."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, Protocol
from uuid import UUID

from services.grants.application.ports import IntakeFacts, Proposals
from services.grants.domain.decision import Decision
from services.grants.domain.eligibility import ClaimFacts, HouseholdFacts, PersonFacts

HouseholdDisaster = tuple[UUID, str]  # a household, and a disaster that hit it


class HouseholdRegistration(NamedTuple):
    """What `keep_household` keeps."""

    household_id: UUID
    head_id: UUID
    province_code: str


class IntakeFactsInBulk(IntakeFacts, Protocol):
    def lock_households(self, household_ids: Sequence[UUID]) -> None:
        """`lock_household` for each, in one order every transaction takes them in."""

    def persons(self, beneficiary_ids: Sequence[UUID]) -> dict[UUID, PersonFacts]:
        """Those grants knows of, by id."""

    def keep_persons(self, persons: Sequence[PersonFacts]) -> None:
        """`keep_person` for each in turn: of one person twice, the last stands."""

    def keep_households(self, households: Sequence[HouseholdRegistration]) -> None:
        """`keep_household` for each in turn: of one household twice, the last stands."""

    def household_heads(self, household_ids: Sequence[UUID]) -> dict[UUID, UUID]:
        """The head of each household grants knows of."""

    def impacts(self, keys: Sequence[HouseholdDisaster]) -> dict[HouseholdDisaster, HouseholdFacts]:
        """The impacts kept for these, by household and disaster."""

    def keep_impacts(self, impacts: Sequence[HouseholdFacts]) -> None:
        """`keep_impact` for each in turn: of one household and disaster twice, the last."""

    def claims(self, keys: Sequence[HouseholdDisaster]) -> dict[HouseholdDisaster, ClaimFacts]:
        """The claims kept for these, by household and disaster."""

    def keep_claims(self, claims: Sequence[ClaimFacts]) -> None:
        """`keep_claim` for each in turn: the first kept stands."""


class ProposalsInBulk(Proposals, Protocol):
    def get_many(self, decision_ids: Sequence[UUID]) -> dict[UUID, Decision]:
        """The decisions of these ids that exist, by id."""
