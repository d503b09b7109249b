"""Import jobs as the use cases and the HTTP layer see them: kinds, statuses, row outcomes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

Progress = Callable[[int, int], None]


class JobKind(StrEnum):
    BENEFICIARIES = "beneficiaries"
    HOUSEHOLDS = "households"


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Outcome(StrEnum):
    ACCEPTED = "accepted"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"


@dataclass(frozen=True)
class ImportJob:
    job_id: UUID
    kind: str
    submitted_by: str
    status: str
    total_rows: int
    processed_rows: int
    accepted: int
    duplicates: int
    rejected: int
    error: str | None
    created_at: datetime
    finished_at: datetime | None

    @property
    def progress(self) -> float:
        if self.status == JobStatus.DONE:
            return 1.0
        return self.processed_rows / self.total_rows if self.total_rows else 0.0


@dataclass(frozen=True)
class RowOutcome:
    row: int
    outcome: str
    beneficiary_id: UUID | None
    reasons: list[str] | None


@dataclass
class ImportReport:
    job_id: UUID
    total_rows: int = 0
    accepted: list[tuple[int, UUID]] = field(default_factory=list)
    duplicates: list[tuple[int, UUID]] = field(default_factory=list)
    rejected: list[tuple[int, list[str]]] = field(default_factory=list)

    def add(self, outcomes: dict[Outcome, list[tuple[int, Any]]]) -> None:
        self.accepted.extend(outcomes.get(Outcome.ACCEPTED, []))
        self.duplicates.extend(outcomes.get(Outcome.DUPLICATE, []))
        self.rejected.extend(outcomes.get(Outcome.REJECTED, []))


@dataclass
class BatchOutcomes:
    """What became of each row of one batch: [(row, id), ...] or [(row, [reasons]), ...]."""

    entries: dict[Outcome, list[tuple[int, Any]]] = field(
        default_factory=lambda: {o: [] for o in Outcome}
    )

    def accept(self, row: int, record_id: UUID) -> None:
        self.entries[Outcome.ACCEPTED].append((row, record_id))

    def duplicate(self, row: int, existing_id: UUID) -> None:
        self.entries[Outcome.DUPLICATE].append((row, existing_id))

    def reject(self, row: int, reasons: list[str]) -> None:
        self.entries[Outcome.REJECTED].append((row, reasons))

    def in_row_order(self) -> dict[Outcome, list[tuple[int, Any]]]:
        return {o: sorted(e, key=lambda entry: entry[0]) for o, e in self.entries.items()}
