"""The read model in memory, behind the same ports: for tests of the use cases."""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from uuid import UUID

from services.reporting.application.ports import NewBeneficiary, NewDecision
from services.reporting.domain.counts import BeneficiaryGroup
from services.reporting.domain.decisions import DecisionGroup, DecisionProgress


@dataclass
class _Beneficiary:
    province_code: str
    status: str
    categories: frozenset[str]
    merged: bool = False


@dataclass
class _Decision:
    programme_id: UUID
    province_code: str
    progress: DecisionProgress


@dataclass
class _State:
    beneficiaries: dict[UUID, _Beneficiary] = field(default_factory=dict)
    decisions: dict[UUID, _Decision] = field(default_factory=dict)


class InMemoryReadModel:
    """`ReadModel`, `Tallies` and `UnitOfWork` at once: a transaction that fails leaves the
    state as it was before it began."""

    def __init__(self) -> None:
        self._state = _State()

    @contextmanager
    def transaction(self) -> Iterator[object]:
        before = copy.deepcopy(self._state)
        try:
            yield self
        except BaseException:
            self._state = before
            raise

    def add_beneficiary(
        self, beneficiary_id: UUID, province_code: str, status: str, categories: frozenset[str]
    ) -> None:
        self._state.beneficiaries.setdefault(
            beneficiary_id, _Beneficiary(province_code, status, categories)
        )

    def move(self, beneficiary_id: UUID, province_code: str) -> None:
        if found := self._state.beneficiaries.get(beneficiary_id):
            found.province_code = province_code

    def set_status(self, beneficiary_id: UUID, status: str) -> None:
        if found := self._state.beneficiaries.get(beneficiary_id):
            found.status = status

    def categories_of(self, beneficiary_id: UUID) -> frozenset[str]:
        found = self._state.beneficiaries.get(beneficiary_id)
        return found.categories if found else frozenset()

    def set_categories(self, beneficiary_id: UUID, categories: frozenset[str]) -> None:
        if found := self._state.beneficiaries.get(beneficiary_id):
            found.categories = categories

    def mark_merged(self, beneficiary_id: UUID) -> None:
        if found := self._state.beneficiaries.get(beneficiary_id):
            found.merged = True

    def add_decision(
        self,
        decision_id: UUID,
        programme_id: UUID,
        province_code: str,
        progress: DecisionProgress,
    ) -> None:
        self._state.decisions.setdefault(
            decision_id, _Decision(programme_id, province_code, progress)
        )

    def decision_progress(self, decision_id: UUID) -> DecisionProgress | None:
        found = self._state.decisions.get(decision_id)
        return found.progress if found else None

    def set_decision_progress(self, decision_id: UUID, progress: DecisionProgress) -> None:
        if found := self._state.decisions.get(decision_id):
            found.progress = progress

    def add_beneficiaries(self, added: Sequence[NewBeneficiary]) -> None:
        for b in added:
            self.add_beneficiary(b.beneficiary_id, b.province_code, b.status, b.categories)

    def add_decisions(self, added: Sequence[NewDecision]) -> None:
        for d in added:
            self.add_decision(d.decision_id, d.programme_id, d.province_code, d.progress)

    def decision_progresses(self, decision_ids: Sequence[UUID]) -> dict[UUID, DecisionProgress]:
        return {
            decision_id: found.progress
            for decision_id in decision_ids
            if (found := self._state.decisions.get(decision_id)) is not None
        }

    def set_decision_progresses(self, progresses: Mapping[UUID, DecisionProgress]) -> None:
        for decision_id, progress in progresses.items():
            self.set_decision_progress(decision_id, progress)

    def beneficiary_groups(self) -> list[BeneficiaryGroup]:
        groups = Counter(
            (b.province_code, b.status, b.categories)
            for b in self._state.beneficiaries.values()
            if not b.merged
        )
        return [BeneficiaryGroup(p, s, c, n) for (p, s, c), n in groups.items()]

    def decision_groups(self) -> list[DecisionGroup]:
        groups = Counter(
            (d.province_code, d.programme_id, str(d.progress.status))
            for d in self._state.decisions.values()
        )
        return [DecisionGroup(p, programme, s, n) for (p, programme, s), n in groups.items()]
