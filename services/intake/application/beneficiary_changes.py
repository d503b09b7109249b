"""Changing a beneficiary's record: every change a new event, with who and why, and the
register row changed in the same transaction."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from services.intake.application.errors import DUPLICATE_ERRORS, AlreadyEnrolled
from services.intake.application.ports import BeneficiaryIndex, EventStore, UnitOfWork
from services.intake.application.records import categories_column
from services.intake.application.reference import ReferenceData
from services.intake.application.scope import EVERYWHERE, Scope
from services.intake.application.sealing import Sealing, beneficiary_in
from services.intake.domain.beneficiary import Beneficiary
from services.intake.domain.reference import BeneficiaryStatus


class BeneficiaryChanges:
    def __init__(
        self,
        store: EventStore,
        reference: ReferenceData,
        sealing: Sealing,
        records: UnitOfWork,
        index: BeneficiaryIndex,
    ) -> None:
        self._store = store
        self._reference = reference
        self._sealing = sealing
        self._records = records
        self._index = index

    def correct_personal_data(
        self,
        beneficiary_id: UUID,
        changes: dict[str, Any],
        *,
        actor: str,
        reason: str,
        scope: Scope = EVERYWHERE,
    ) -> None:
        """Correct names, IDs, birth date, phone or address; the old values stay in history."""
        sealing = self._sealing
        try:
            with self._records.transaction() as tx:
                beneficiary = self._writable(beneficiary_id, scope)
                key = tx.key_for(beneficiary_id)
                personal = sealing.personal_data_of(beneficiary, key).corrected(**changes)
                personal.validate(datetime.now(UTC).date())
                assert key is not None
                sealed = sealing.seal_for(key, beneficiary_id, personal)
                beneficiary.correct_personal_data(sealed, actor, reason)
                tx.change_beneficiary(
                    beneficiary_id,
                    identity_hash=sealing.identity_hash(personal),
                    likeness_hash=sealing.likeness_hash(personal, beneficiary.commune_code),
                )
                tx.save(beneficiary)
        except DUPLICATE_ERRORS as e:
            holder = self._index.holder_of([sealing.identity_hash(personal)])
            if holder:
                raise AlreadyEnrolled(next(iter(holder.values()))) from e
            raise

    def change_residence(
        self, beneficiary_id: UUID, province_code: str, commune_code: str, *, actor: str,
        reason: str | None, scope: Scope = EVERYWHERE,
    ) -> None:  # fmt: skip
        with self._records.transaction() as tx:
            beneficiary = self._writable(beneficiary_id, scope)
            scope.require_acting_in(province_code)
            self._reference.check_residence(province_code, commune_code)
            beneficiary.move(province_code, commune_code, actor, reason)
            tx.change_beneficiary(
                beneficiary_id, province_code=province_code, commune_code=commune_code
            )
            tx.save(beneficiary)

    def change_status(
        self,
        beneficiary_id: UUID,
        status: BeneficiaryStatus,
        *,
        actor: str,
        reason: str,
        scope: Scope = EVERYWHERE,
    ) -> None:
        with self._records.transaction() as tx:
            beneficiary = self._writable(beneficiary_id, scope)
            beneficiary.change_status(status, actor, reason)
            tx.change_beneficiary(beneficiary_id, status=str(status))
            tx.save(beneficiary)

    def recognise_category(
        self,
        beneficiary_id: UUID,
        entry: dict[str, Any],
        *,
        actor: str,
        reason: str | None,
        scope: Scope = EVERYWHERE,
    ) -> None:
        with self._records.transaction() as tx:
            beneficiary = self._writable(beneficiary_id, scope)
            beneficiary.recognise_category(entry, actor, reason)
            tx.change_beneficiary(
                beneficiary_id, categories=categories_column(beneficiary.categories)
            )
            tx.save(beneficiary)

    def record_consent(
        self,
        beneficiary_id: UUID,
        purpose: str,
        given_on: date,
        *,
        actor: str,
        scope: Scope = EVERYWHERE,
    ) -> None:
        beneficiary = self._writable(beneficiary_id, scope)
        beneficiary.record_consent(purpose, given_on, actor, None)
        self._store.save(beneficiary)

    def erase_personal_data(
        self, beneficiary_id: UUID, *, actor: str, reason: str, scope: Scope = EVERYWHERE
    ) -> None:
        """Destroy the person's key: their sealed fields become unreadable everywhere, while
        the record, its history, counts and amounts remain."""
        with self._records.transaction() as tx:
            beneficiary = self._writable(beneficiary_id, scope)
            beneficiary.erase_personal_data(actor, reason)
            tx.destroy_key(beneficiary_id)
            tx.change_beneficiary(beneficiary_id, identity_hash=None, likeness_hash=None)
            tx.save(beneficiary)

    def _writable(self, beneficiary_id: UUID, scope: Scope) -> Beneficiary:
        beneficiary = beneficiary_in(self._store, beneficiary_id)
        scope.require_acting_in(beneficiary.province_code)
        return beneficiary
