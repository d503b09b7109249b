"""Reading households: the address opened with the household's key, or shown as erased."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from services.intake.application.ports import EventStore, HouseholdIndex, KeyVault
from services.intake.application.records import HistoryEntry
from services.intake.application.sealing import record_of_kind
from services.intake.domain.household import Household, HouseholdAddress
from services.intake.domain.household_rules import DisasterMustBeKnown
from services.intake.privacy.sealing import unseal
from shared.rules import check


@dataclass(frozen=True)
class HouseholdRecord:
    household_id: UUID
    version: int
    head_id: UUID
    province_code: str
    commune_code: str
    douar: str | None  # None once erased
    address: str | None
    erased: bool
    members: list[dict[str, Any]]  # {"beneficiary_id": UUID, "relation": str}, head first
    member_count: int
    disaster_impacts: list[dict[str, Any]]  # {"disaster", "evacuated", "damage"}


class HouseholdViews:
    def __init__(self, store: EventStore, keys: KeyVault, index: HouseholdIndex) -> None:
        self._store = store
        self._keys = keys
        self._index = index

    def household(self, household_id: UUID) -> Household:
        return record_of_kind(self._store, household_id, Household)

    def history(self, household_id: UUID) -> list[HistoryEntry]:
        return self._store.history(household_id)

    def household_headed_by(self, head_id: UUID) -> UUID | None:
        """The first household registered with this head, if any."""
        return self._index.headed_by(head_id)

    def households_headed_by(self, head_ids: Sequence[UUID]) -> dict[UUID, UUID]:
        """`household_headed_by` for many heads in one read: head → household."""
        return self._index.households_headed_by(head_ids)

    def read_household(self, household_id: UUID, as_of: datetime | None = None) -> HouseholdRecord:
        found = self._store.as_of(household_id, as_of) if as_of else self.household(household_id)
        if not isinstance(found, Household):
            raise AggregateNotFoundError(household_id)
        return self._record_of(found, self._keys.key_for(household_id))

    def search_households(
        self,
        *,
        provinces: frozenset[str] | None,
        province: str | None = None,
        disaster: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[list[HouseholdRecord], int]:
        """Households in `provinces` (None: all), oldest registration first; a disaster to
        filter by must be one intake knows."""
        if disaster is not None:
            check(DisasterMustBeKnown(disaster))
        ids, total = self._index.search(
            provinces=provinces, province=province, disaster=disaster, limit=limit, offset=offset
        )
        keys = self._keys.keys_for(ids)
        return [self._record_of(self.household(i), keys.get(i)) for i in ids], total

    def _record_of(self, household: Household, key: bytes | None) -> HouseholdRecord:
        place = None
        if not household.erased and key is not None:
            fields = unseal(key, household.sealed_address, str(household.id))
            place = HouseholdAddress.from_fields(fields)
        return HouseholdRecord(
            household_id=household.id,
            version=household.version,
            head_id=household.head_id,
            province_code=household.province_code,
            commune_code=household.commune_code,
            douar=place.douar if place else None,
            address=place.address if place else None,
            erased=place is None,
            members=[
                {"beneficiary_id": UUID(member), "relation": relation}
                for member, relation in household.members.items()
            ],
            member_count=household.member_count,
            disaster_impacts=[dict(i) for _, i in sorted(household.impacts.items())],
        )
