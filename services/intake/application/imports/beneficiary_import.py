"""Bulk import of beneficiaries from a CSV file (a flood census, a partner's list); the format
is in beneficiary_rows.py and docs/imports.md.

Each row is checked on its own: a row that breaks a rule is rejected with reasons naming its
fields, and never blocks the others. Valid rows go through `enrol_many` in batches of 1,000,
one transaction per batch, so a person already enrolled (by an earlier import, by hand, or
earlier in the same file) is reported as a duplicate with the existing record's id and nothing
new is created: importing the same file twice is harmless.

Jobs and every row's outcome live in intake's own database (job_store.py). Household censuses
use the same jobs and outcomes: see household_import.py.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import partial
from typing import Any
from uuid import UUID

from services.intake.application.enrolling import NewPerson, enrol_batch
from services.intake.application.errors import AlreadyEnrolled
from services.intake.application.imports.beneficiary_rows import parse_rows, read_header
from services.intake.application.imports.csv_format import count_rows
from services.intake.application.imports.job_runs import JobsOfKind, batches, run_batches
from services.intake.application.imports.jobs import (
    BatchOutcomes,
    ImportReport,
    JobKind,
    Outcome,
    Progress,
)
from services.intake.application.imports.parallel import (
    POOL_MIN_ROWS,
    default_workers,
    prepared_batches,
)
from services.intake.application.imports.preparing import PreparedRow, Preparer
from services.intake.application.imports.repeats import FirstOutcomes, RepeatedRow, mark_repeats
from services.intake.application.ports import EventStore, ImportJobs, Registers
from services.intake.application.reference import ReferenceData
from services.intake.application.sealing import Sealing


class BeneficiaryImport:
    # Processes preparing rows (parallel.py); None: one per core for large files.
    import_workers: int | None = None

    def __init__(
        self,
        store: EventStore,
        reference: ReferenceData,
        sealing: Sealing,
        registers: Registers,
        jobs: ImportJobs,
    ) -> None:
        self._store = store
        self._reference = reference
        self._sealing = sealing
        self._registers = registers
        self.import_jobs = jobs
        self._jobs = JobsOfKind(jobs, JobKind.BENEFICIARIES, read_header)

    def submit_import(self, text: str, *, submitted_by: str, job_id: UUID | None = None) -> UUID:
        """Check the header (FileRejected if the file cannot be read) and queue a job for it."""
        return self._jobs.submit(text, submitted_by, job_id)

    def import_beneficiaries(
        self,
        text: str,
        *,
        actor: str,
        job_id: UUID | None = None,
        progress: Progress | None = None,
        allowed_provinces: frozenset[str] | None = None,
        today: date | None = None,
    ) -> ImportReport:
        """Import a beneficiaries CSV (see the module docstring), 1,000 rows per transaction.

        `allowed_provinces` (None: any) rejects rows for other provinces. The job is created
        if `submit_import` did not already; it is marked failed if anything but a row breaks.
        """
        work = partial(self._run_import, text, actor, progress, allowed_provinces, today)
        return self._jobs.run(job_id, actor, work)

    def _run_import(
        self,
        text: str,
        actor: str,
        progress: Progress | None,
        allowed_provinces: frozenset[str] | None,
        today: date | None,
        job_id: UUID,
    ) -> ImportReport:
        preparer = Preparer(
            lookup_secret=self._sealing.lookup_secret,
            territory=self._reference.territory(),
            today=today or datetime.now(UTC).date(),
            allowed_provinces=allowed_provinces,
            actor=actor,
            reason=f"bulk import {job_id}",
            mapper=self._store.mapper,
        )
        total = count_rows(text)
        workers = self.import_workers
        if workers is None:
            workers = default_workers() if total >= POOL_MIN_ROWS else 1
        rows = mark_repeats(parse_rows(text))
        prepared = prepared_batches(batches(rows), preparer, workers)
        settle = partial(self._settle_batch, actor=actor, firsts=FirstOutcomes())
        return run_batches(self.import_jobs, job_id, text, prepared, settle, progress, total)

    def _settle_batch(
        self, batch: list[PreparedRow], *, actor: str, firsts: FirstOutcomes
    ) -> dict[Outcome, list[tuple[int, Any]]]:
        """Enrol the batch's valid rows in one transaction; every row's outcome, repeats of
        earlier rows (repeats.py) as their first copy's."""
        out = BatchOutcomes()
        valid: list[tuple[int, NewPerson]] = []
        repeats: list[tuple[int, RepeatedRow]] = []
        for number, row in batch:
            if isinstance(row, NewPerson):
                valid.append((number, row))
            elif isinstance(row, RepeatedRow):
                repeats.append((number, row))
            else:
                out.reject(number, row)
        enrolled = enrol_batch(self._registers, self._store.mapper, [p for _, p in valid])
        for (number, _), result in zip(valid, enrolled, strict=True):
            if isinstance(result, AlreadyEnrolled):
                out.duplicate(number, result.existing_id)
            else:
                out.accept(number, result)
        firsts.remember(out)
        if not repeats:
            return out.entries
        for number, repeated in repeats:
            firsts.settle(number, repeated, out)
        return out.in_row_order()
