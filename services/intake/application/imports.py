"""Bulk import of beneficiaries from a CSV file (a flood census, a partner's list).

The file is UTF-8 (a byte-order mark is fine), comma-separated, with a header row naming the
columns, in any order:

    name_ar,name_lat,cin,civil_registry_ref,birth_date,sex,phone,address,province_code,
    commune_code,category,disability_type,severity,evidence,since

and optionally `consent_purpose,consent_given_on` (both or neither, per row). An empty cell is a
null. Dates are ISO (2026-02-14) or day first (14/02/2026). One category per row; `sex` is F or
M; `cin` is upper-cased. Columns a file may leave out entirely: name_ar, name_lat, cin,
civil_registry_ref, phone, address, disability_type, severity and the consent columns. See
docs/imports.md.

Each row is checked on its own: a row that breaks a rule is rejected with reasons naming its
fields ("cin: ...", "commune_code: ..."), and never blocks the others. Valid rows go through
`enrol_many` in batches of 1,000, one transaction per batch, so a person already enrolled (by an
earlier import, by hand, or earlier in the same file) is reported as a duplicate with the
existing record's id and nothing new is created: importing the same file twice is harmless.

Jobs and every row's outcome live in intake's own database (tables `intake_import_jobs` and
`intake_import_outcomes`, the latter one row per batch and outcome holding that batch's rows as
JSON: three small writes per 1,000 rows instead of 1,000), so any replica can answer for an
import another replica runs, and no list is capped.

Household censuses use the same jobs and outcomes: see household_imports.py.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID, uuid4

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
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

from services.intake.application.beneficiaries import BeneficiaryUseCases, Consent, Enrolment
from services.intake.application.beneficiary_store import AlreadyEnrolled
from services.intake.domain.beneficiary import category_entry
from services.intake.domain.person_rules import (
    PHONE_PATTERN,
    DisabilityMustSayTypeAndSeverity,
    PhoneMustBeMoroccan,
)
from services.intake.domain.personal import PersonalData
from services.intake.domain.reference import Category, DisabilityType, Severity, Sex
from services.intake.domain.rules import CIN_PATTERN, NationalIdMustBeWellFormed
from services.intake.domain.territory import Territory
from shared.eventstore import engine_of
from shared.rules import BusinessRuleBroken

HEADER: tuple[str, ...] = (
    "name_ar",
    "name_lat",
    "cin",
    "civil_registry_ref",
    "birth_date",
    "sex",
    "phone",
    "address",
    "province_code",
    "commune_code",
    "category",
    "disability_type",
    "severity",
    "evidence",
    "since",
)
OPTIONAL_COLUMNS = frozenset(
    {
        "name_ar",
        "name_lat",
        "cin",
        "civil_registry_ref",
        "phone",
        "address",
        "disability_type",
        "severity",
        "consent_purpose",
        "consent_given_on",
    }
)
KNOWN_COLUMNS: tuple[str, ...] = (*HEADER, "consent_purpose", "consent_given_on")
REQUIRED_COLUMNS = frozenset(KNOWN_COLUMNS) - OPTIONAL_COLUMNS
BATCH_SIZE = 1_000
NOT_ALLOWED = "province_code: not allowed for you"
NOT_UTF8 = "row: not valid UTF-8 (save the file as 'CSV UTF-8')"

Row = dict[str, str | None]
Progress = Callable[[int, int], None]


class RowRejected(ValueError):
    """One row that cannot be enrolled; each reason starts with the field it is about."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


class FileRejected(ValueError):
    """The file as a whole cannot be read: no header, unknown or missing columns, not UTF-8."""


class JobKind(StrEnum):
    BENEFICIARIES = "beneficiaries"
    HOUSEHOLDS = "households"  # household_imports.py


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Outcome(StrEnum):
    ACCEPTED = "accepted"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"


# --- reading the file ---------------------------------------------------------------------------


def decode_upload(data: bytes) -> str:
    """The upload as text. Lines that are not UTF-8 keep their bytes as surrogates, so
    `parse_rows` rejects those rows alone; a file that is mostly not UTF-8 (a Windows-1256
    export, say) is refused as a whole."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8-sig", errors="surrogateescape")
    lines = text.splitlines()
    bad = sum(1 for line in lines if undecodable(line))
    if not lines or undecodable(lines[0]) or bad * 2 > len(lines):
        raise FileRejected("the file is not UTF-8 text: save it as 'CSV UTF-8' and try again")
    return text


def undecodable(text: str) -> bool:
    """Holds bytes that were not UTF-8 (kept as lone surrogates by `decode_upload`)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def read_header(text: str) -> list[str]:
    """The header's column names, checked: every required column, no unknown one."""
    first = next(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")), None)
    if not first or not any(c.strip() for c in first):
        raise FileRejected("the file is empty: the first row must name the columns")
    columns = [c.strip().lower() for c in first]
    unknown = [c for c in columns if c not in KNOWN_COLUMNS]
    missing = sorted(REQUIRED_COLUMNS - set(columns))
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    problems = []
    if unknown:
        problems.append(f"unknown columns: {', '.join(unknown)}")
    if missing:
        problems.append(f"missing columns: {', '.join(missing)}")
    if repeated:
        problems.append(f"repeated columns: {', '.join(repeated)}")
    if problems:
        raise FileRejected("; ".join(problems) + f" (expected: {','.join(HEADER)})")
    return columns


def parse_rows(text: str) -> Iterator[tuple[int, Row | RowRejected]]:
    """Each data row with its number in the file (the header is row 1), as a dict of
    column -> value (empty cells are None), or as a RowRejected when the row itself is
    malformed: wrong number of cells, not UTF-8, broken quoting. Blank lines are skipped
    but counted, so numbers match a spreadsheet's."""
    text = text.lstrip("\ufeff")
    columns = read_header(text)
    width = len(columns)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    next(reader)
    check_utf8 = undecodable(text)
    number = 1
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            yield number, RowRejected([f"row: malformed CSV ({e})"])
            continue
        if not cells:
            continue
        if len(cells) != width:
            if not any(c.strip() for c in cells):
                continue
            yield number, RowRejected([f"row: expected {width} cells, found {len(cells)}"])
        elif check_utf8 and any(undecodable(c) for c in cells):
            yield number, RowRejected([NOT_UTF8])
        else:
            yield number, {c: (v.strip() or None) for c, v in zip(columns, cells, strict=True)}


def count_rows(text: str) -> int:
    """About how many data rows `parse_rows` will yield (a quick pass, for progress)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    count = -1  # the header
    while True:
        try:
            if next(reader):
                count += 1
        except StopIteration:
            return max(count, 0)
        except csv.Error:
            count += 1


# --- checking one row ---------------------------------------------------------------------------


def _date(value: Any) -> Any:
    """ISO dates, or day first with slashes as Moroccan spreadsheets write them."""
    if isinstance(value, str) and "/" in value:
        day, month, year = value.split("/")
        return date(int(year), int(month), int(day))
    return value


class BeneficiaryRow(BaseModel):
    """The cells of one row, typed; business rules are checked after this."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name_ar: str | None = Field(default=None, max_length=200)
    name_lat: str | None = Field(default=None, max_length=200)
    cin: str | None = Field(default=None, pattern=CIN_PATTERN.pattern)
    civil_registry_ref: str | None = Field(default=None, max_length=60)
    birth_date: date
    sex: Sex
    phone: str | None = Field(default=None, pattern=PHONE_PATTERN.pattern)
    address: str | None = Field(default=None, max_length=300)
    province_code: str = Field(max_length=8)
    commune_code: str = Field(max_length=16)
    category: Category
    disability_type: DisabilityType | None = None
    severity: Severity | None = None
    evidence: str = Field(min_length=1, max_length=200)
    since: date
    consent_purpose: str | None = Field(default=None, max_length=200)
    consent_given_on: date | None = None

    @field_validator("cin", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("birth_date", "since", "consent_given_on", mode="before")
    @classmethod
    def _day_first(cls, value: Any) -> Any:
        try:
            return _date(value)
        except ValueError as e:
            raise ValueError("a date as YYYY-MM-DD or DD/MM/YYYY") from e


# Friendlier words than "String should match pattern ..." for the fields with a pattern.
_PATTERN_MESSAGES = {
    "cin": NationalIdMustBeWellFormed.message,
    "phone": PhoneMustBeMoroccan.message,
}
_REQUIRED = "required"


def _reasons(error: ValidationError) -> list[str]:
    reasons = []
    for problem in error.errors(include_url=False, include_context=False, include_input=False):
        name = ".".join(str(p) for p in problem["loc"]) or "row"
        if problem["type"] == "string_pattern_mismatch" and name in _PATTERN_MESSAGES:
            message = _PATTERN_MESSAGES[name]
        elif problem["type"] == "missing":
            message = _REQUIRED
        else:
            message = problem["msg"].removeprefix("Value error, ")
        reasons.append(f"{name}: {message}")
    return reasons


def validate_row(row: Row, territory: Territory, today: date) -> Enrolment:
    """The enrolment one row asks for, or RowRejected with every reason found."""
    reasons: list[str] = []
    province, commune = row.get("province_code"), row.get("commune_code")
    if province and not territory.knows_province(province):
        reasons.append("province_code: unknown province code")
    elif province and commune and not territory.knows_commune(commune, province):
        reasons.append("commune_code: unknown commune code for this province")
    try:
        typed = BeneficiaryRow.model_validate({k: v for k, v in row.items() if v is not None})
    except ValidationError as e:
        raise RowRejected(_reasons(e) + reasons) from None
    if reasons:
        raise RowRejected(reasons)
    personal = PersonalData(
        name_ar=typed.name_ar,
        name_lat=typed.name_lat,
        cin=typed.cin,
        civil_registry_ref=typed.civil_registry_ref,
        birth_date=typed.birth_date,
        phone=typed.phone,
        address=typed.address,
    )
    categories: list[dict[str, Any]] = []
    try:
        personal.validate(today)
    except BusinessRuleBroken as e:
        reasons.append(f"{e.field or 'row'}: {e}")
    try:
        categories.append(
            category_entry(
                typed.category,
                evidence=typed.evidence,
                since=typed.since,
                disability_type=str(typed.disability_type) if typed.disability_type else None,
                severity=str(typed.severity) if typed.severity else None,
            )
        )
    except BusinessRuleBroken as e:
        # The only rule that can break here is about the disability cells (no `until` column).
        cell = (
            "disability_type" if isinstance(e.rule, DisabilityMustSayTypeAndSeverity) else "since"
        )
        reasons.append(f"{cell}: {e}")
    consent = None
    if typed.consent_purpose and typed.consent_given_on:
        consent = Consent(typed.consent_purpose, typed.consent_given_on)
    elif typed.consent_purpose or typed.consent_given_on:
        reasons.append("consent_given_on: consent needs both its purpose and its date")
    if reasons:
        raise RowRejected(reasons)
    return Enrolment(
        personal=personal,
        sex=typed.sex,
        province_code=typed.province_code,
        commune_code=typed.commune_code,
        categories=categories,
        consent=consent,
    )


# --- where jobs are kept ------------------------------------------------------------------------

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


class ImportJobs:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        metadata.create_all(engine, checkfirst=True)

    def create(self, job_id: UUID, kind: JobKind, submitted_by: str, total_rows: int) -> None:
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
                "entries": json.dumps(entries, ensure_ascii=False, default=str),
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


# --- the use case -------------------------------------------------------------------------------


def _batches(rows: Iterable[tuple[int, Row | RowRejected]]) -> Iterator[list[Any]]:
    batch: list[tuple[int, Row | RowRejected]] = []
    for item in rows:
        batch.append(item)
        if len(batch) == BATCH_SIZE:
            yield batch
            batch = []
    if batch:
        yield batch


class ImportUseCases(BeneficiaryUseCases):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.import_jobs = ImportJobs(engine_of(self))

    def submit_import(
        self, text: str, *, kind: JobKind, submitted_by: str, job_id: UUID | None = None
    ) -> UUID:
        """Check the header (FileRejected if the file cannot be read) and queue a job for it."""
        if kind is not JobKind.BENEFICIARIES:  # household_imports.py handles households
            raise FileRejected(f"importing {kind} is not supported here")
        read_header(text)
        job_id = job_id or uuid4()
        self.import_jobs.create(job_id, kind, submitted_by, count_rows(text))
        return job_id

    def import_job(self, job_id: UUID) -> ImportJob | None:
        return self.import_jobs.get(job_id)

    def import_outcomes(
        self, job_id: UUID, outcome: Outcome, limit: int, offset: int = 0
    ) -> list[RowOutcome]:
        return self.import_jobs.outcomes(job_id, outcome, limit, offset)

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
        job_id = job_id or uuid4()
        if not self.import_jobs.exists(job_id):
            self.import_jobs.create(job_id, JobKind.BENEFICIARIES, actor, 0)
        try:
            report = self._run_import(text, actor, job_id, progress, allowed_provinces, today)
        except Exception as e:
            self.import_jobs.finish(job_id, JobStatus.FAILED, f"{type(e).__name__}: {e}")
            raise
        self.import_jobs.finish(job_id, JobStatus.DONE)
        return report

    def _run_import(
        self,
        text: str,
        actor: str,
        job_id: UUID,
        progress: Progress | None,
        allowed_provinces: frozenset[str] | None,
        today: date | None,
    ) -> ImportReport:
        today = today or datetime.now(UTC).date()
        territory = self.territory()
        report = ImportReport(job_id=job_id, total_rows=count_rows(text))
        processed = 0
        reason = f"bulk import {job_id}"
        for batch_number, batch in enumerate(_batches(parse_rows(text))):
            valid: list[tuple[int, Enrolment]] = []
            outcomes: dict[Outcome, list[tuple[int, Any]]] = {o: [] for o in Outcome}
            for number, row in batch:
                try:
                    if isinstance(row, RowRejected):
                        raise row
                    if allowed_provinces is not None and (
                        row.get("province_code") not in allowed_provinces
                    ):
                        raise RowRejected([NOT_ALLOWED])
                    enrolment = validate_row(row, territory, today)
                except RowRejected as rejected:
                    report.rejected.append((number, rejected.reasons))
                    outcomes[Outcome.REJECTED].append((number, rejected.reasons))
                    continue
                valid.append((number, enrolment))
            enrolled = self.enrol_many([e for _, e in valid], actor=actor, reason=reason)
            for (number, _), result in zip(valid, enrolled, strict=True):
                if isinstance(result, AlreadyEnrolled):
                    report.duplicates.append((number, result.existing_id))
                    outcomes[Outcome.DUPLICATE].append((number, result.existing_id))
                else:
                    report.accepted.append((number, result))
                    outcomes[Outcome.ACCEPTED].append((number, result))
            processed += len(batch)
            self.import_jobs.record_batch(job_id, batch_number, report, processed, outcomes)
            if progress is not None:
                progress(processed, report.total_rows)
        if processed == 0:
            self.import_jobs.record_batch(job_id, 0, report, 0, {})
        return report
