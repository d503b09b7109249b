"""Likely duplicates: flagged at enrolment, confirmed (merged) or dismissed by a caseworker."""

from __future__ import annotations

from uuid import UUID

from services.intake.application.beneficiary_store import BeneficiaryStore


class NotFlagged(Exception):
    """The two records were not flagged as possible duplicates of each other."""


class DuplicateUseCases(BeneficiaryStore):
    def possible_duplicates(self, provinces: frozenset[str] | None) -> list[tuple[UUID, UUID]]:
        return self.index.possible_duplicates(provinces)

    def dismiss_duplicate(
        self, beneficiary_id: UUID, other_id: UUID, *, actor: str, reason: str
    ) -> None:
        with self.recorder.transaction(commit=True) as session:  # type: ignore[attr-defined]
            beneficiary = self.beneficiary(beneficiary_id)
            if other_id not in beneficiary.possible_duplicates:
                raise NotFlagged(other_id)
            beneficiary.dismiss_possible_duplicate(other_id, actor, reason)
            remaining = next(iter(beneficiary.possible_duplicates), None)
            self.index.change(session, beneficiary_id, possible_duplicate_of=remaining)
            self.save(beneficiary)

    def merge_duplicate(
        self, duplicate_id: UUID, survivor_id: UUID, *, actor: str, reason: str
    ) -> None:
        """The same person recorded twice: the duplicate points at the survivor, both ids stay
        resolvable, and nothing is merged without a caseworker saying so."""
        with self.recorder.transaction(commit=True) as session:  # type: ignore[attr-defined]
            duplicate = self.beneficiary(duplicate_id)
            survivor = self.beneficiary(survivor_id)
            flagged = (
                survivor_id in duplicate.possible_duplicates
                or duplicate_id in survivor.possible_duplicates
            )
            if not flagged:
                raise NotFlagged(survivor_id)
            duplicate.merge_into(survivor_id, actor, reason)
            survivor.absorb(duplicate_id, actor, reason)
            self.index.change(
                session, duplicate_id, merged_into=survivor_id, possible_duplicate_of=None
            )
            self.index.change(session, survivor_id, possible_duplicate_of=None)
            self.save(duplicate, survivor)
