"""What reporting's use cases need from the outside world, as Protocols; adapters in
persistence/ (SQLite or PostgreSQL through SQLAlchemy, and an in-memory one)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from services.reporting.domain.counts import BeneficiaryGroup
from services.reporting.domain.decisions import DecisionGroup, DecisionProgress


class ReadModel(Protocol):
    """The read model as the projection changes it. Every change joins the `UnitOfWork` that
    is open (the inbox's, so the change and the inbox row commit together)."""

    def add_beneficiary(
        self, beneficiary_id: UUID, province_code: str, status: str, categories: frozenset[str]
    ) -> None:
        """A new row; a beneficiary already there stays as it is (a repeat changes nothing)."""

    def move(self, beneficiary_id: UUID, province_code: str) -> None: ...

    def set_status(self, beneficiary_id: UUID, status: str) -> None: ...

    def categories_of(self, beneficiary_id: UUID) -> frozenset[str]:
        """Empty for a beneficiary the read model does not know."""

    def set_categories(self, beneficiary_id: UUID, categories: frozenset[str]) -> None: ...

    def mark_merged(self, beneficiary_id: UUID) -> None: ...

    def add_decision(
        self,
        decision_id: UUID,
        programme_id: UUID,
        province_code: str,
        progress: DecisionProgress,
    ) -> None:
        """A new row; a decision already there stays as it is (a repeat changes nothing)."""

    def decision_progress(self, decision_id: UUID) -> DecisionProgress | None:
        """None for a decision the read model does not know. Read to be changed: on PostgreSQL
        the row stays locked until the unit of work ends, so two replicas take turns."""

    def set_decision_progress(self, decision_id: UUID, progress: DecisionProgress) -> None: ...


@dataclass(frozen=True)
class NewBeneficiary:
    """A row `add_beneficiary` adds, as `add_beneficiaries` takes many."""

    beneficiary_id: UUID
    province_code: str
    status: str
    categories: frozenset[str]


@dataclass(frozen=True)
class NewDecision:
    """A row `add_decision` adds, as `add_decisions` takes many."""

    decision_id: UUID
    programme_id: UUID
    province_code: str
    progress: DecisionProgress


class ReadModelInBulk(ReadModel, Protocol):
    """The same changes, many at once: what a run of one kind of message (the consumer's batch
    effects) needs to leave what applying them one after another leaves."""

    def add_beneficiaries(self, added: Sequence[NewBeneficiary]) -> None:
        """`add_beneficiary` for each in turn: of one beneficiary twice, the first stands, and
        one already there stays as it is."""

    def add_decisions(self, added: Sequence[NewDecision]) -> None:
        """`add_decision` for each in turn: of one decision twice, the first stands, and one
        already there stays as it is."""

    def decision_progresses(self, decision_ids: Sequence[UUID]) -> dict[UUID, DecisionProgress]:
        """`decision_progress` of each the read model knows, by id. Read to be changed: on
        PostgreSQL the rows stay locked until the unit of work ends, taken in one order so two
        replicas locking overlapping runs never each wait for the other."""

    def set_decision_progresses(self, progresses: Mapping[UUID, DecisionProgress]) -> None:
        """`set_decision_progress` for each."""


class Tallies(Protocol):
    """The read model as the reports read it."""

    def beneficiary_groups(self) -> Iterable[BeneficiaryGroup]:
        """Beneficiaries that count (a merged duplicate does not), grouped by province,
        status and categories."""

    def decision_groups(self) -> Iterable[DecisionGroup]:
        """Grants' decisions grouped by province, programme and status."""


class UnitOfWork(Protocol):
    """One transaction: the `ReadModel` changes made while it is open commit with whatever
    else the caller writes in it (the consumer's inbox row), or none of them do."""

    def transaction(self) -> AbstractContextManager[object]: ...
