"""Both kinds of import behind one door: submit a file (its header checked, a job queued),
run or start the job, read where it stands. Each kind's own use case does the work."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from uuid import UUID

from services.intake.application.imports.beneficiary_import import BeneficiaryImport
from services.intake.application.imports.csv_format import FileRejected
from services.intake.application.imports.household_import import HouseholdImport
from services.intake.application.imports.jobs import (
    ImportJob,
    ImportReport,
    JobKind,
    Outcome,
    RowOutcome,
)
from services.intake.application.ports import ImportJobs

log = logging.getLogger(__name__)


class Imports:
    def __init__(
        self, beneficiaries: BeneficiaryImport, households: HouseholdImport, jobs: ImportJobs
    ) -> None:
        self._beneficiaries = beneficiaries
        self._households = households
        self._jobs = jobs

    def submit_import(
        self, text: str, *, kind: JobKind, submitted_by: str, job_id: UUID | None = None
    ) -> UUID:
        """Check the header (FileRejected if the file cannot be read) and queue a job for it."""
        kind = JobKind(kind)
        if kind is JobKind.BENEFICIARIES:
            return self._beneficiaries.submit_import(text, submitted_by=submitted_by, job_id=job_id)
        if kind is JobKind.HOUSEHOLDS:
            return self._households.submit_import(text, submitted_by=submitted_by, job_id=job_id)
        raise FileRejected(f"importing {kind} is not supported here")

    def run_import(
        self,
        text: str,
        *,
        kind: JobKind,
        actor: str,
        job_id: UUID | None = None,
        allowed_provinces: frozenset[str] | None = None,
    ) -> ImportReport:
        """Run the job here and now (see each kind's use case for what it does)."""
        if JobKind(kind) is JobKind.HOUSEHOLDS:
            return self._households.import_households(
                text, actor=actor, job_id=job_id, allowed_provinces=allowed_provinces
            )
        return self._beneficiaries.import_beneficiaries(
            text, actor=actor, job_id=job_id, allowed_provinces=allowed_provinces
        )

    def start_import(
        self,
        text: str,
        *,
        kind: JobKind,
        actor: str,
        job_id: UUID,
        allowed_provinces: frozenset[str] | None,
        then: Callable[[], None] | None = None,
    ) -> threading.Thread:
        """Run a submitted job in a thread of its own, then call `then` (from that thread).
        A job that fails is marked failed with its error, and its traceback is logged."""

        def run() -> None:
            try:
                self.run_import(
                    text,
                    kind=kind,
                    actor=actor,
                    job_id=job_id,
                    allowed_provinces=allowed_provinces,
                )
            except Exception:  # the job row says "failed" with the error; log the trace too
                log.exception("import %s failed", job_id)
                return
            if then is not None:
                then()

        thread = threading.Thread(target=run, name=f"import-{job_id}")
        thread.start()
        return thread

    def import_job(self, job_id: UUID) -> ImportJob | None:
        return self._jobs.get(job_id)

    def import_outcomes(
        self, job_id: UUID, outcome: Outcome, limit: int, offset: int = 0
    ) -> list[RowOutcome]:
        return self._jobs.outcomes(job_id, outcome, limit, offset)
