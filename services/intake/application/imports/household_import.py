"""Bulk import of households from a CSV file (a flood census): one row per household member.

The file is UTF-8 (a byte-order mark is fine), comma-separated, with a header row naming the
columns, in any order:

    household_ref,head_cin,member_cin,relation,province_code,commune_code,douar,address,
    disaster,evacuated,damage

`household_ref` is the census's own household number, and groups the rows of one household.
Its head's row has relation `head` (and `member_cin` empty or equal to `head_cin`) and carries
the household's own cells: province, commune, douar, address and, if a disaster hit it,
`disaster`, `evacuated` (yes/no) and `damage`. Member rows name the member by `member_cin` and
their relation to the head; they may leave the household's cells empty or repeat the head row's
(a different value is rejected). Columns a file may leave out: member_cin, address, disaster,
evacuated, damage. People are named by national ID and must already be enrolled (a beneficiary
import first). See docs/imports.md.

Per household: it is registered unless its head already heads one (then that one is used),
members not yet in it are added, and the disaster's impact is recorded unless the same is
already recorded, so importing the same file twice creates nothing new: the second time every
row comes back `unchanged` (the `duplicate` outcome of the job tables). A bad row is rejected
with reasons naming its cells and never blocks the others, except the head's: when it is bad,
the household's other rows are rejected too, with the head's reasons prefixed "head: ".

Jobs, progress and outcomes use the beneficiary import's tables (kind `households`); rows go
in batches of about 1,000, cut between households, so keep a household's rows together. Each
batch reads the people and households it names at once, then is written in one transaction
(`HouseholdBatch`, as `HouseholdCensus`): ~1,000 rows a commit instead of one commit a change.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from uuid import UUID

from services.intake.application.beneficiary_views import BeneficiaryViews
from services.intake.application.household_batch import HouseholdBatch
from services.intake.application.household_views import HouseholdViews
from services.intake.application.households import Households
from services.intake.application.imports.csv_format import RowRejected
from services.intake.application.imports.household_records import HouseholdRecorder
from services.intake.application.imports.household_rows import (
    parse_household_rows,
    read_household_header,
)
from services.intake.application.imports.household_run import HouseholdRun
from services.intake.application.imports.job_runs import (
    BATCH_SIZE,
    JobsOfKind,
    NumberedRow,
    batches,
    run_batches,
)
from services.intake.application.imports.jobs import ImportReport, JobKind, Progress
from services.intake.application.ports import EventStore, ImportJobs, UnitOfWork
from services.intake.application.reference import ReferenceData


def _ref(item: NumberedRow) -> str | None:
    row = item[1]
    return None if isinstance(row, RowRejected) else row.get("household_ref")


def household_batches(
    rows: Iterable[NumberedRow], size: int = BATCH_SIZE
) -> Iterator[list[NumberedRow]]:
    """Batches of at least `size` rows (but the last), cut only where the household changes,
    so the rows of a household kept together land in one batch."""
    return batches(rows, size, group=_ref)


def _national_ids(rows: list[NumberedRow]) -> set[str]:
    """The heads' and members' national IDs the rows name, as their checks spell them."""
    return {
        cell.strip().upper()
        for _, row in rows
        if not isinstance(row, RowRejected)
        for column in ("head_cin", "member_cin")
        if (cell := row.get(column))
    }


class HouseholdImport:
    """Household CSVs, on the beneficiary import's jobs (`JobKind.HOUSEHOLDS`)."""

    def __init__(
        self,
        store: EventStore,
        records: UnitOfWork,
        households: Households,
        views: HouseholdViews,
        people: BeneficiaryViews,
        reference: ReferenceData,
        jobs: ImportJobs,
    ) -> None:
        self._store = store
        self._records = records
        self._households = households
        self._views = views
        self._people = people
        self._reference = reference
        self.import_jobs = jobs
        self._jobs = JobsOfKind(jobs, JobKind.HOUSEHOLDS, read_household_header)

    def submit_import(self, text: str, *, submitted_by: str, job_id: UUID | None = None) -> UUID:
        """Check the header (FileRejected if the file cannot be read) and queue a job for it."""
        return self._jobs.submit(text, submitted_by, job_id)

    def import_households(
        self,
        text: str,
        *,
        actor: str,
        job_id: UUID | None = None,
        progress: Progress | None = None,
        allowed_provinces: frozenset[str] | None = None,
    ) -> ImportReport:
        """Import a households CSV (see the module docstring). `allowed_provinces` (None: any)
        rejects households, heads and members outside them. The job is created if
        `submit_import` did not already; it is marked failed if anything but a row breaks."""
        work = partial(self._run_household_import, text, actor, progress, allowed_provinces)
        return self._jobs.run(job_id, actor, work)

    def _run_household_import(
        self,
        text: str,
        actor: str,
        progress: Progress | None,
        allowed_provinces: frozenset[str] | None,
        job_id: UUID,
    ) -> ImportReport:
        recorder = partial(
            HouseholdRecorder,
            actor=actor,
            reason=f"bulk import {job_id}",
            allowed=allowed_provinces,
            people=self._people,
        )
        one_by_one = partial(recorder, self._households, self._views)
        run = HouseholdRun(
            self._reference.territory(), one_by_one, partial(self._in_one_transaction, recorder)
        )
        rows = household_batches(parse_household_rows(text))
        return run_batches(self.import_jobs, job_id, text, rows, run.batch, progress)

    @contextmanager
    def _in_one_transaction(
        self, recorder: partial[HouseholdRecorder], rows: list[NumberedRow]
    ) -> Iterator[HouseholdRecorder]:
        """Load the people and households `rows` name, act on them in memory, save them
        together as the block ends (load, act, save)."""
        people = self._people.people_by_national_id(_national_ids(rows))
        found = [p for p in people.values() if p is not None]
        headed = self._views.households_headed_by([p.id for p in found])
        households = self._store.get_many(list(set(headed.values())))
        with self._records.transaction() as tx:
            batch = HouseholdBatch(self._store, self._reference, tx)
            batch.load(found, headed, households)
            yield recorder(batch, batch, known=people)
            batch.save()
