"""A disaster census: many households registered at once, each with its head (already
enrolled) and how the disaster hit it, a batch per transaction. The same aggregates, rules,
keys and index rows as `Households` writes one by one; what it buys is one commit per batch
instead of two per household (a census of 200,000 households before the flood surge bench,
and the delegations' census files)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID, uuid4

from services.intake.application.ports import EventStore, UnitOfWork
from services.intake.application.records import disasters_column
from services.intake.application.reference import ReferenceData
from services.intake.application.sealing import beneficiary_in
from services.intake.domain.household import Household, HouseholdAddress
from services.intake.domain.household_rules import HeadMustBeAnOpenRecord
from services.intake.domain.reference import DamageLevel
from services.intake.privacy.sealing import seal
from shared.rules import check


@dataclass(frozen=True)
class CensusHousehold:
    head_id: UUID
    province_code: str
    commune_code: str
    douar: str
    address: str | None
    disaster: str | None = None  # None: registered, its impact not recorded (yet)
    evacuated: bool = False
    damage: DamageLevel = DamageLevel.NONE


class HouseholdCensus:
    def __init__(self, store: EventStore, reference: ReferenceData, records: UnitOfWork) -> None:
        self._store = store
        self._reference = reference
        self._records = records

    def register(self, census: list[CensusHousehold], *, actor: str, reason: str) -> list[UUID]:
        """The new households' ids, in order; none of them if any breaks a rule."""
        households: list[tuple[Household, CensusHousehold]] = []
        with self._records.transaction() as tx:
            for entry in census:
                head = beneficiary_in(self._store, entry.head_id)
                check(HeadMustBeAnOpenRecord(head.merged_into, head.erased))
                place = HouseholdAddress(douar=entry.douar, address=entry.address)
                place.validate()
                self._reference.check_residence(entry.province_code, entry.commune_code)
                household_id = uuid4()
                key = tx.new_key(household_id)
                household = Household.register(
                    household_id=household_id, head_id=entry.head_id,
                    province_code=entry.province_code, commune_code=entry.commune_code,
                    sealed_address=seal(key, place.to_fields(), str(household_id)),
                    actor=actor, reason=reason, traceparent=None,
                )  # fmt: skip
                if entry.disaster is not None:
                    household.record_disaster_impact(
                        entry.disaster, entry.evacuated, entry.damage, actor, reason
                    )
                tx.add_household(
                    household_id=household_id, province_code=entry.province_code,
                    commune_code=entry.commune_code, head_id=entry.head_id,
                    disasters=disasters_column(household.impacts),
                    member_count=household.member_count,
                )  # fmt: skip
                households.append((household, entry))
            tx.save(*(h for h, _ in households))
        return [h.id for h, _ in households]
