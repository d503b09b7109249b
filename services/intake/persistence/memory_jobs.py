"""The `ImportJobs` port in memory: jobs and each batch's outcomes, for unit tests."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from services.intake.application.imports.jobs import (
    ImportJob,
    ImportReport,
    JobKind,
    JobStatus,
    Outcome,
    RowOutcome,
)


class InMemoryImportJobs:
    def __init__(self) -> None:
        self._jobs: dict[UUID, ImportJob] = {}
        self._outcomes: dict[UUID, dict[Outcome, list[tuple[int, Any]]]] = {}

    def create(self, job_id: UUID, kind: JobKind, submitted_by: str, total_rows: int) -> None:
        if job_id in self._jobs:  # the job table's primary key, as in job_store.py
            raise IntegrityError(f"import job {job_id} exists")
        self._jobs[job_id] = ImportJob(
            job_id=job_id, kind=str(kind), submitted_by=submitted_by,
            status=str(JobStatus.QUEUED), total_rows=total_rows, processed_rows=0, accepted=0,
            duplicates=0, rejected=0, error=None, created_at=datetime.now(UTC), finished_at=None,
        )  # fmt: skip
        self._outcomes[job_id] = {o: [] for o in Outcome}

    def exists(self, job_id: UUID) -> bool:
        return job_id in self._jobs

    def record_batch(
        self,
        job_id: UUID,
        batch: int,
        report: ImportReport,
        processed: int,
        outcomes: dict[Outcome, list[tuple[int, Any]]],
    ) -> None:
        for outcome, entries in outcomes.items():
            self._outcomes[job_id][outcome].extend(entries)
        self._jobs[job_id] = dataclasses.replace(
            self._jobs[job_id],
            status=str(JobStatus.RUNNING),
            total_rows=report.total_rows,
            processed_rows=processed,
            accepted=len(report.accepted),
            duplicates=len(report.duplicates),
            rejected=len(report.rejected),
        )

    def finish(self, job_id: UUID, status: JobStatus, error: str | None = None) -> None:
        self._jobs[job_id] = dataclasses.replace(
            self._jobs[job_id], status=str(status), error=error, finished_at=datetime.now(UTC)
        )

    def get(self, job_id: UUID) -> ImportJob | None:
        return self._jobs.get(job_id)

    def outcomes(
        self, job_id: UUID, outcome: Outcome, limit: int, offset: int = 0
    ) -> list[RowOutcome]:
        entries = self._outcomes.get(job_id, {}).get(outcome, [])
        return [
            RowOutcome(
                row=number,
                outcome=str(outcome),
                beneficiary_id=None if outcome is Outcome.REJECTED else value,
                reasons=value if outcome is Outcome.REJECTED else None,
            )
            for number, value in entries[offset : offset + limit]
        ]
