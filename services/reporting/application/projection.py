"""Intake's beneficiaries' and grants' decisions' events applied to the read model, one
method per event."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from services.reporting.application.ports import ReadModel
from services.reporting.domain.decisions import DecisionProgress, DecisionStatus

ENROLLED = "enrolled"


class Projection:
    def __init__(self, read_model: ReadModel) -> None:
        self._read_model = read_model

    def beneficiary_enrolled(
        self, beneficiary_id: UUID, province_code: str, categories: frozenset[str]
    ) -> None:
        self._read_model.add_beneficiary(beneficiary_id, province_code, ENROLLED, categories)

    def beneficiary_moved(self, beneficiary_id: UUID, province_code: str) -> None:
        self._read_model.move(beneficiary_id, province_code)

    def beneficiary_status_changed(self, beneficiary_id: UUID, status: str) -> None:
        self._read_model.set_status(beneficiary_id, status)

    def beneficiary_category_recognised(self, beneficiary_id: UUID, category: str) -> None:
        known = self._read_model.categories_of(beneficiary_id)
        self._read_model.set_categories(beneficiary_id, known | {category})

    def beneficiaries_merged(self, duplicate_id: UUID) -> None:
        """One person counted once: the duplicate record stops counting."""
        self._read_model.mark_merged(duplicate_id)

    def decision_proposed(
        self,
        decision_id: UUID,
        programme_id: UUID,
        province_code: str,
        *,
        needs_authorisation: bool,
    ) -> None:
        progress = DecisionProgress.proposed(needs_authorisation=needs_authorisation)
        self._read_model.add_decision(decision_id, programme_id, province_code, progress)

    def decision_approved(self, decision_id: UUID) -> None:
        """A first approval, an authorisation, or an appeal upheld: one approval more."""
        self._step(decision_id, DecisionProgress.approved)

    def decision_approved_in_list(self, decision_id: UUID) -> None:
        self._step(decision_id, DecisionProgress.approved_in_list)

    def decision_rejected(self, decision_id: UUID) -> None:
        self._step(decision_id, lambda p: p.now(DecisionStatus.REJECTED))

    def decision_appealed(self, decision_id: UUID) -> None:
        self._step(decision_id, lambda p: p.now(DecisionStatus.APPEALED))

    def appeal_dismissed(self, decision_id: UUID) -> None:
        self._step(decision_id, lambda p: p.now(DecisionStatus.APPEAL_DISMISSED))

    def decision_amended(self, decision_id: UUID, *, needs_authorisation: bool) -> None:
        self._step(decision_id, lambda p: p.amended(needs_authorisation=needs_authorisation))

    def decision_cancelled(self, decision_id: UUID) -> None:
        self._step(decision_id, lambda p: p.now(DecisionStatus.CANCELLED))

    def _step(
        self, decision_id: UUID, step: Callable[[DecisionProgress], DecisionProgress]
    ) -> None:
        # A decision's events share its key, hence one partition, in order: its proposal is
        # applied first. A step of one whose proposal never was (dead-lettered) is left out
        # rather than guessed.
        known = self._read_model.decision_progress(decision_id)
        if known is not None:
            self._read_model.set_decision_progress(decision_id, step(known))
