"""Changing a beneficiary's record: every change a new event, with who and why."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from services.intake.application.beneficiary_store import (
    AlreadyEnrolled,
    BeneficiaryStore,
)
from services.intake.application.enrolling import current_categories
from services.intake.domain.reference import BeneficiaryStatus
from services.intake.persistence.errors import DUPLICATE_ERRORS


class BeneficiaryChanges(BeneficiaryStore):
    def correct_personal_data(
        self, beneficiary_id: UUID, changes: dict[str, Any], *, actor: str, reason: str
    ) -> None:
        """Correct names, IDs, birth date, phone or address; the old values stay in history."""
        try:
            with self.recorder.transaction(commit=True) as session:  # type: ignore[attr-defined]
                beneficiary = self.beneficiary(beneficiary_id)
                key = self.keys.key_for(beneficiary_id, session)
                personal = self.personal_data_of(beneficiary, key).corrected(**changes)
                personal.validate(datetime.now(UTC).date())
                assert key is not None
                sealed = self.seal_for(key, beneficiary_id, personal)
                beneficiary.correct_personal_data(sealed, actor, reason)
                self.index.change(
                    session,
                    beneficiary_id,
                    identity_hash=self.identity_hash(personal),
                    likeness_hash=self.likeness_hash(personal, beneficiary.commune_code),
                )
                self.save(beneficiary)
        except DUPLICATE_ERRORS as e:
            holder = self.index.holder_of([self.identity_hash(personal)])
            if holder:
                raise AlreadyEnrolled(next(iter(holder.values()))) from e
            raise

    def change_residence(
        self, beneficiary_id: UUID, province_code: str, commune_code: str, *, actor: str,
        reason: str | None,
    ) -> None:  # fmt: skip
        self.check_residence(province_code, commune_code)
        with self.recorder.transaction(commit=True) as session:  # type: ignore[attr-defined]
            beneficiary = self.beneficiary(beneficiary_id)
            beneficiary.move(province_code, commune_code, actor, reason)
            self.index.change(
                session, beneficiary_id, province_code=province_code, commune_code=commune_code
            )
            self.save(beneficiary)

    def change_status(
        self, beneficiary_id: UUID, status: BeneficiaryStatus, *, actor: str, reason: str
    ) -> None:
        with self.recorder.transaction(commit=True) as session:  # type: ignore[attr-defined]
            beneficiary = self.beneficiary(beneficiary_id)
            beneficiary.change_status(status, actor, reason)
            self.index.change(session, beneficiary_id, status=str(status))
            self.save(beneficiary)

    def recognise_category(
        self, beneficiary_id: UUID, entry: dict[str, Any], *, actor: str, reason: str | None
    ) -> None:
        with self.recorder.transaction(commit=True) as session:  # type: ignore[attr-defined]
            beneficiary = self.beneficiary(beneficiary_id)
            beneficiary.recognise_category(entry, actor, reason)
            self.index.change(
                session, beneficiary_id, categories=current_categories(beneficiary.categories)
            )
            self.save(beneficiary)

    def record_consent(
        self, beneficiary_id: UUID, purpose: str, given_on: date, *, actor: str
    ) -> None:
        beneficiary = self.beneficiary(beneficiary_id)
        beneficiary.record_consent(purpose, given_on, actor, None)
        self.save(beneficiary)

    def erase_personal_data(self, beneficiary_id: UUID, *, actor: str, reason: str) -> None:
        """Destroy the person's key: their sealed fields become unreadable everywhere, while
        the record, its history, counts and amounts remain."""
        with self.recorder.transaction(commit=True) as session:  # type: ignore[attr-defined]
            beneficiary = self.beneficiary(beneficiary_id)
            beneficiary.erase_personal_data(actor, reason)
            self.keys.destroy(session, beneficiary_id)
            self.index.change(session, beneficiary_id, identity_hash=None, likeness_hash=None)
            self.save(beneficiary)
