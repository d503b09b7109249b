"""Likely duplicates: flagged at enrolment, confirmed (merged) or dismissed by a caseworker."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from services.intake.application.errors import NotFlagged
from services.intake.application.ports import BeneficiaryIndex, EventStore, UnitOfWork
from services.intake.application.records import OtherRecordNotFound
from services.intake.application.scope import EVERYWHERE, Scope
from services.intake.application.sealing import beneficiary_in

__all__ = ["DuplicateDecisions", "NotFlagged"]


class DuplicateDecisions:
    def __init__(self, store: EventStore, records: UnitOfWork, index: BeneficiaryIndex) -> None:
        self._store = store
        self._records = records
        self._index = index

    def possible_duplicates(self, provinces: frozenset[str] | None) -> list[tuple[UUID, UUID]]:
        return self._index.possible_duplicates(provinces)

    def dismiss_duplicate(
        self,
        beneficiary_id: UUID,
        other_id: UUID,
        *,
        actor: str,
        reason: str,
        scope: Scope = EVERYWHERE,
    ) -> None:
        with self._records.transaction() as tx:
            beneficiary = beneficiary_in(self._store, beneficiary_id)
            scope.require_acting_in(beneficiary.province_code)
            if other_id not in beneficiary.possible_duplicates:
                raise NotFlagged(other_id)
            beneficiary.dismiss_possible_duplicate(other_id, actor, reason)
            remaining = next(iter(beneficiary.possible_duplicates), None)
            tx.change_beneficiary(beneficiary_id, possible_duplicate_of=remaining)
            tx.save(beneficiary)

    def merge_duplicate(
        self,
        duplicate_id: UUID,
        survivor_id: UUID,
        *,
        actor: str,
        reason: str,
        scope: Scope = EVERYWHERE,
    ) -> None:
        """The same person recorded twice: the duplicate points at the survivor, both ids stay
        resolvable, and nothing is merged without a caseworker saying so. The caller must act
        in the duplicate's province and see the survivor's."""
        with self._records.transaction() as tx:
            duplicate = beneficiary_in(self._store, duplicate_id)
            scope.require_acting_in(duplicate.province_code)
            try:
                survivor = beneficiary_in(self._store, survivor_id)
            except AggregateNotFoundError as e:
                raise OtherRecordNotFound(survivor_id) from e
            scope.require_seeing(survivor.province_code)
            flagged = (
                survivor_id in duplicate.possible_duplicates
                or duplicate_id in survivor.possible_duplicates
            )
            if not flagged:
                raise NotFlagged(survivor_id)
            duplicate.merge_into(survivor_id, actor, reason)
            survivor.absorb(duplicate_id, actor, reason)
            tx.change_beneficiary(duplicate_id, merged_into=survivor_id, possible_duplicate_of=None)
            tx.change_beneficiary(survivor_id, possible_duplicate_of=None)
            tx.save(duplicate, survivor)
