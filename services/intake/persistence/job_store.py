"""Where import jobs are kept: intake's own database, so any replica can answer for an import
another replica runs.

`intake_import_outcomes` holds one row per batch and outcome, with that batch's rows as JSON:
three small writes per 1,000 rows instead of 1,000, and no list is capped.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.persistence import IntegrityError
from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    Uuid,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError as SqlIntegrityError

from services.intake.application.imports.jobs import (
    ImportJob,
    ImportReport,
    JobKind,
    JobStatus,
    Outcome,
    RowOutcome,
)

metadata = MetaData()

import_jobs = Table(
    "intake_import_jobs",
    metadata,
    Column("job_id", Uuid, primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("submitted_by", String(200), nullable=False),
    Column("status", String(16), nullable=False),
    Column("total_rows", Integer, nullable=False, default=0),
    Column("processed_rows", Integer, nullable=False, default=0),
    Column("accepted", Integer, nullable=False, default=0),
    Column("duplicates", Integer, nullable=False, default=0),
    Column("rejected", Integer, nullable=False, default=0),
    Column("error", Text, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=True),
)

# Each batch's outcomes, one row per outcome kind: [[row, id], ...] or [[row, [reasons]], ...].
import_outcomes = Table(
    "intake_import_outcomes",
    metadata,
    Column("job_id", Uuid, nullable=False),
    Column("batch", Integer, nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("count", Integer, nullable=False),
    Column("entries", Text, nullable=False),
    PrimaryKeyConstraint("job_id", "batch", "outcome"),
)


class ImportJobs:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        metadata.create_all(engine, checkfirst=True)

    def create(self, job_id: UUID, kind: JobKind, submitted_by: str, total_rows: int) -> None:
        """A new queued job; eventsourcing's IntegrityError (the use cases' one) if the id is
        taken."""
        try:
            self._insert_job(job_id, kind, submitted_by, total_rows)
        except SqlIntegrityError as e:
            raise IntegrityError(f"import job {job_id} exists already") from e

    def _insert_job(self, job_id: UUID, kind: JobKind, submitted_by: str, total_rows: int) -> None:
        with self._engine.begin() as conn:
            conn.execute(
                insert(import_jobs).values(
                    job_id=job_id,
                    kind=str(kind),
                    submitted_by=submitted_by,
                    status=str(JobStatus.QUEUED),
                    total_rows=total_rows,
                    processed_rows=0,
                    accepted=0,
                    duplicates=0,
                    rejected=0,
                    created_at=datetime.now(UTC),
                )
            )

    def exists(self, job_id: UUID) -> bool:
        with self._engine.connect() as conn:
            query = select(import_jobs.c.job_id).where(import_jobs.c.job_id == job_id)
            return conn.execute(query).first() is not None

    def record_batch(
        self,
        job_id: UUID,
        batch: int,
        report: ImportReport,
        processed: int,
        outcomes: dict[Outcome, list[tuple[int, Any]]],
    ) -> None:
        """The outcomes of one batch, and the job's counts so far, in one transaction."""
        rows = [
            {
                "job_id": job_id,
                "batch": batch,
                "outcome": str(outcome),
                "count": len(entries),
                # orjson writes the ids as text itself: json.dumps called `str` per id.
                "entries": orjson.dumps(entries).decode(),
            }
            for outcome, entries in outcomes.items()
            if entries
        ]
        with self._engine.begin() as conn:
            if rows:
                conn.execute(insert(import_outcomes), rows)
            conn.execute(
                update(import_jobs)
                .where(import_jobs.c.job_id == job_id)
                .values(
                    status=str(JobStatus.RUNNING),
                    total_rows=report.total_rows,
                    processed_rows=processed,
                    accepted=len(report.accepted),
                    duplicates=len(report.duplicates),
                    rejected=len(report.rejected),
                )
            )

    def finish(self, job_id: UUID, status: JobStatus, error: str | None = None) -> None:
        with self._engine.begin() as conn:
            conn.execute(
                update(import_jobs)
                .where(import_jobs.c.job_id == job_id)
                .values(status=str(status), error=error, finished_at=datetime.now(UTC))
            )

    def get(self, job_id: UUID) -> ImportJob | None:
        with self._engine.connect() as conn:
            found = conn.execute(select(import_jobs).where(import_jobs.c.job_id == job_id)).first()
        if found is None:
            return None
        values = found._asdict()
        for moment in ("created_at", "finished_at"):  # SQLite hands back naive datetimes
            if values[moment] is not None and values[moment].tzinfo is None:
                values[moment] = values[moment].replace(tzinfo=UTC)
        return ImportJob(**values)

    def outcomes(
        self, job_id: UUID, outcome: Outcome, limit: int, offset: int = 0
    ) -> list[RowOutcome]:
        """Rows with this outcome in file order, `limit` of them after skipping `offset`."""
        where = (import_outcomes.c.job_id == job_id, import_outcomes.c.outcome == str(outcome))
        found: list[RowOutcome] = []
        skip, needed = offset, limit
        wanted: list[int] = []
        with self._engine.connect() as conn:
            for batch, count in conn.execute(
                select(import_outcomes.c.batch, import_outcomes.c.count)
                .where(*where)
                .order_by(import_outcomes.c.batch)
            ):
                if needed <= 0:
                    break
                if skip >= count and not wanted:
                    skip -= count  # still before the first row asked for
                    continue
                needed -= count - skip if not wanted else count
                wanted.append(batch)
            if not wanted:
                return []
            entries = conn.execute(
                select(import_outcomes.c.entries)
                .where(*where, import_outcomes.c.batch.in_(wanted))
                .order_by(import_outcomes.c.batch)
            ).scalars()
            for text in entries:
                for number, value in json.loads(text):
                    found.append(
                        RowOutcome(
                            row=number,
                            outcome=str(outcome),
                            beneficiary_id=None if outcome is Outcome.REJECTED else UUID(value),
                            reasons=value if outcome is Outcome.REJECTED else None,
                        )
                    )
        return found[skip : skip + limit]
