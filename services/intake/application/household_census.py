"""A disaster census: many households registered at once, each with its head (already
enrolled) and how the disaster hit it, a batch per transaction (`HouseholdBatch`): the same
aggregates, rules, keys and index rows as `Households` writes one by one, one commit per batch
instead of two per household (the flood surge bench's census of 200,000 households)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from services.intake.application.household_batch import HouseholdBatch
from services.intake.application.ports import EventStore, UnitOfWork
from services.intake.application.reference import ReferenceData
from services.intake.domain.beneficiary import Beneficiary
from services.intake.domain.reference import DamageLevel


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
        heads = self._store.get_many([entry.head_id for entry in census])
        with self._records.transaction() as tx:
            batch = HouseholdBatch(self._store, self._reference, tx)
            batch.load([h for h in heads.values() if isinstance(h, Beneficiary)], {}, {})
            for entry in census:
                household_id = batch.register_household(
                    entry.head_id, entry.province_code, entry.commune_code, entry.douar,
                    entry.address, actor=actor, reason=reason,
                )  # fmt: skip
                if entry.disaster is not None:
                    batch.record_disaster_impact(
                        household_id, entry.disaster, evacuated=entry.evacuated,
                        damage=entry.damage, actor=actor, reason=reason,
                    )  # fmt: skip
            return batch.save()
