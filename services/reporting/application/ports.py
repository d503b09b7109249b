"""What reporting's use cases need from the outside world, as Protocols; adapters in
persistence/ (SQLite or PostgreSQL through SQLAlchemy, and an in-memory one)."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
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
