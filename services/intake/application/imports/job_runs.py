"""Running an import as a job, whatever its kind: rows in batches, one transaction per batch
for the records it writes and one for its outcomes and the job's counts."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sized
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar
from uuid import UUID, uuid4

from services.intake.application.imports.csv_format import Row, RowRejected, count_rows
from services.intake.application.imports.jobs import (
    ImportReport,
    JobKind,
    JobStatus,
    Outcome,
    Progress,
)
from services.intake.application.ports import ImportJobs

BATCH_SIZE = 1_000

NumberedRow = tuple[int, Row | RowRejected]
Settle = Callable[[list[NumberedRow]], dict[Outcome, list[tuple[int, Any]]]]
Batch = TypeVar("Batch", bound=Sized)
Item = TypeVar("Item")


def batches(
    rows: Iterable[Item],
    size: int = BATCH_SIZE,
    group: Callable[[Item], str | None] | None = None,
) -> Iterator[list[Item]]:
    """Batches of `size` rows but the last. With `group`, batches of at least `size` rows, cut
    only before a row whose group is None or differs from the row before it."""
    batch: list[Item] = []
    for item in rows:
        if len(batch) >= size and (
            group is None or group(item) is None or group(item) != group(batch[-1])
        ):
            yield batch
            batch = []
        batch.append(item)
    if batch:
        yield batch


def queue_job(
    jobs: ImportJobs, text: str, kind: JobKind, submitted_by: str, job_id: UUID | None
) -> UUID:
    """Queue a job to import `text`, whose header has been checked."""
    job_id = job_id or uuid4()
    jobs.create(job_id, kind, submitted_by, count_rows(text))
    return job_id


def run_job(
    jobs: ImportJobs, job_id: UUID, kind: JobKind, actor: str, work: Callable[[], ImportReport]
) -> ImportReport:
    """`work` as job `job_id`, created if `submit_import` did not already; the job is marked
    done after, or failed if anything but a row breaks."""
    if not jobs.exists(job_id):
        jobs.create(job_id, kind, actor, 0)
    try:
        report = work()
    except Exception as e:
        jobs.finish(job_id, JobStatus.FAILED, f"{type(e).__name__}: {e}")
        raise
    jobs.finish(job_id, JobStatus.DONE)
    return report


@dataclass(frozen=True)
class JobsOfKind:
    """One kind of import's jobs: a file submitted (its header checked first), a job run."""

    jobs: ImportJobs
    kind: JobKind
    check_header: Callable[[str], object]  # raises FileRejected if the file cannot be read

    def submit(self, text: str, submitted_by: str, job_id: UUID | None) -> UUID:
        self.check_header(text)
        return queue_job(self.jobs, text, self.kind, submitted_by, job_id)

    def run(
        self, job_id: UUID | None, actor: str, work: Callable[[UUID], ImportReport]
    ) -> ImportReport:
        """`work(job_id)` as the job (see `run_job`); a job id is made if none is given."""
        job_id = job_id or uuid4()
        return run_job(self.jobs, job_id, self.kind, actor, partial(work, job_id))


def run_batches(
    jobs: ImportJobs,
    job_id: UUID,
    text: str,
    in_batches: Iterable[Batch],
    settle: Callable[[Batch], dict[Outcome, list[tuple[int, Any]]]],
    progress: Progress | None,
    total_rows: int | None = None,
) -> ImportReport:
    """`settle` each of `in_batches` (of rows, or of rows prepared from them), recording its
    outcomes and the job's progress. `total_rows`: `count_rows(text)`, if already known."""
    total = count_rows(text) if total_rows is None else total_rows
    report = ImportReport(job_id=job_id, total_rows=total)
    processed = 0
    for number, batch in enumerate(in_batches):
        outcomes = settle(batch)
        report.add(outcomes)
        processed += len(batch)
        jobs.record_batch(job_id, number, report, processed, outcomes)
        if progress is not None:
            progress(processed, report.total_rows)
    if processed == 0:
        jobs.record_batch(job_id, 0, report, 0, {})
    return report
