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
in batches of about 1,000, cut between households, so keep a household's rows together.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import select

from services.intake.application.beneficiary_store import DUPLICATE_ERRORS
from services.intake.application.beneficiary_views import BeneficiaryViews
from services.intake.application.household_index import household_index as household_table
from services.intake.application.households import HouseholdUseCases
from services.intake.application.imports import (
    BATCH_SIZE,
    NOT_ALLOWED,
    NOT_UTF8,
    FileRejected,
    ImportReport,
    ImportUseCases,
    JobKind,
    JobStatus,
    Outcome,
    Progress,
    Row,
    RowRejected,
    count_rows,
    undecodable,
)
from services.intake.domain.beneficiary import Beneficiary
from services.intake.domain.household_rules import DisasterMustBeKnown
from services.intake.domain.reference import DISASTERS, DamageLevel, Relation
from services.intake.domain.rules import CIN_PATTERN, NationalIdMustBeWellFormed
from services.intake.domain.territory import Territory
from shared.eventstore import engine_of
from shared.rules import BusinessRuleBroken

HOUSEHOLD_HEADER: tuple[str, ...] = (
    "household_ref",
    "head_cin",
    "member_cin",
    "relation",
    "province_code",
    "commune_code",
    "douar",
    "address",
    "disaster",
    "evacuated",
    "damage",
)
HOUSEHOLD_OPTIONAL = frozenset({"member_cin", "address", "disaster", "evacuated", "damage"})
HOUSEHOLD_REQUIRED = frozenset(HOUSEHOLD_HEADER) - HOUSEHOLD_OPTIONAL
# The household's own cells: on its head's row; a member row may repeat them, not contradict.
HOUSEHOLD_CELLS: tuple[str, ...] = (
    "province_code",
    "commune_code",
    "douar",
    "address",
    "disaster",
    "evacuated",
    "damage",
)
UNKNOWN_PERSON = "no beneficiary enrolled with this national ID (enrol or import them first)"
NOT_VISIBLE = "not allowed for you (enrolled in a province outside yours)"
CHANGED_MEANWHILE = "row: the household changed while importing; import the file again"
YES = frozenset({"yes", "y", "true", "1", "oui", "o", "نعم"})
NO = frozenset({"no", "n", "false", "0", "non", "لا"})
# Fields named by the household rules, as the file's columns.
_COLUMN_OF_FIELD = {"head_id": "head_cin", "beneficiary_id": "member_cin", "reason": "disaster"}


# --- reading the file ---------------------------------------------------------------------------


def read_household_header(text: str) -> list[str]:
    """The header's column names, checked: every required column, no unknown one."""
    first = next(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")), None)
    if not first or not any(c.strip() for c in first):
        raise FileRejected("the file is empty: the first row must name the columns")
    columns = [c.strip().lower() for c in first]
    unknown = [c for c in columns if c not in HOUSEHOLD_HEADER]
    missing = sorted(HOUSEHOLD_REQUIRED - set(columns))
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    problems = []
    if unknown:
        problems.append(f"unknown columns: {', '.join(unknown)}")
    if missing:
        problems.append(f"missing columns: {', '.join(missing)}")
    if repeated:
        problems.append(f"repeated columns: {', '.join(repeated)}")
    if problems:
        raise FileRejected("; ".join(problems) + f" (expected: {','.join(HOUSEHOLD_HEADER)})")
    return columns


def parse_household_rows(text: str) -> Iterator[tuple[int, Row | RowRejected]]:
    """Each data row with its number in the file (the header is row 1), as a dict of
    column -> value (empty cells are None), or a RowRejected when the row itself is malformed.
    Blank lines are skipped but counted, so numbers match a spreadsheet's."""
    text = text.lstrip("\ufeff")
    columns = read_household_header(text)
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


def _ref(item: tuple[int, Row | RowRejected]) -> str | None:
    row = item[1]
    return None if isinstance(row, RowRejected) else row.get("household_ref")


def household_batches(
    rows: Iterable[tuple[int, Row | RowRejected]], size: int = BATCH_SIZE
) -> Iterator[list[tuple[int, Row | RowRejected]]]:
    """Batches of at least `size` rows (but the last), cut only where the household changes,
    so the rows of a household kept together land in one batch."""
    batch: list[tuple[int, Row | RowRejected]] = []
    for item in rows:
        if len(batch) >= size and (_ref(item) is None or _ref(item) != _ref(batch[-1])):
            yield batch
            batch = []
        batch.append(item)
    if batch:
        yield batch


# --- checking one row ---------------------------------------------------------------------------


class HouseholdRow(BaseModel):
    """The cells of one row, typed; the rules between cells are checked after this."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    household_ref: str = Field(min_length=1, max_length=60)
    head_cin: str = Field(pattern=CIN_PATTERN.pattern)
    member_cin: str | None = Field(default=None, pattern=CIN_PATTERN.pattern)
    relation: Relation
    province_code: str | None = Field(default=None, max_length=8)
    commune_code: str | None = Field(default=None, max_length=16)
    douar: str | None = Field(default=None, max_length=200)
    address: str | None = Field(default=None, max_length=300)
    disaster: str | None = Field(default=None, max_length=60)
    evacuated: bool | None = None
    damage: DamageLevel | None = None

    @field_validator("head_cin", "member_cin", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("relation", "damage", "disaster", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("evacuated", mode="before")
    @classmethod
    def _yes_no(cls, value: Any) -> Any:
        if isinstance(value, str):
            word = value.strip().lower()
            if word in YES:
                return True
            if word in NO:
                return False
            raise ValueError("yes or no")
        return value


@dataclass(frozen=True)
class HouseholdLine:
    """One checked row: the head's (member_cin None) or a member's."""

    household_ref: str
    head_cin: str
    member_cin: str | None
    relation: Relation
    province_code: str | None
    commune_code: str | None
    douar: str | None
    address: str | None
    disaster: str | None
    evacuated: bool | None
    damage: DamageLevel | None

    @property
    def is_head(self) -> bool:
        return self.relation is Relation.HEAD

    def household_cells(self) -> dict[str, Any]:
        return {c: getattr(self, c) for c in HOUSEHOLD_CELLS}


_PATTERN_MESSAGES = {
    "head_cin": NationalIdMustBeWellFormed.message,
    "member_cin": NationalIdMustBeWellFormed.message,
}


def _reasons(error: ValidationError) -> list[str]:
    reasons = []
    for problem in error.errors(include_url=False, include_context=False, include_input=False):
        name = ".".join(str(p) for p in problem["loc"]) or "row"
        if problem["type"] == "string_pattern_mismatch" and name in _PATTERN_MESSAGES:
            message = _PATTERN_MESSAGES[name]
        elif problem["type"] == "missing":
            message = "required"
        else:
            message = problem["msg"].removeprefix("Value error, ")
        reasons.append(f"{name}: {message}")
    return reasons


def validate_household_row(row: Row, territory: Territory) -> HouseholdLine:
    """The row, checked on its own, or RowRejected with every reason found. Whether the people
    are enrolled, and whether a member row agrees with its head's, is checked later."""
    reasons: list[str] = []
    province, commune = row.get("province_code"), row.get("commune_code")
    if province and not territory.knows_province(province):
        reasons.append("province_code: unknown province code")
    elif province and commune and not territory.knows_commune(commune, province):
        reasons.append("commune_code: unknown commune code for this province")
    try:
        typed = HouseholdRow.model_validate({k: v for k, v in row.items() if v is not None})
    except ValidationError as e:
        raise RowRejected(_reasons(e) + reasons) from None
    if typed.relation is Relation.HEAD:
        if typed.member_cin not in (None, typed.head_cin):
            reasons.append("member_cin: on the head's row, leave it empty or repeat head_cin")
        for cell in ("province_code", "commune_code", "douar"):
            if getattr(typed, cell) is None:
                reasons.append(f"{cell}: required on the head's row")
    elif typed.member_cin is None:
        reasons.append("member_cin: required (the member's national ID)")
    elif typed.member_cin == typed.head_cin:
        reasons.append("member_cin: this is the head's CIN; the head's own row has relation head")
    if typed.disaster is not None:
        if typed.disaster not in DISASTERS:
            reasons.append(f"disaster: {DisasterMustBeKnown.message}")
        if typed.evacuated is None:
            reasons.append("evacuated: required with a disaster (yes or no)")
        if typed.damage is None:
            reasons.append("damage: required with a disaster")
    elif typed.evacuated is not None or typed.damage is not None:
        reasons.append("disaster: required with evacuated and damage")
    if reasons:
        raise RowRejected(reasons)
    return HouseholdLine(
        household_ref=typed.household_ref,
        head_cin=typed.head_cin,
        member_cin=None if typed.relation is Relation.HEAD else typed.member_cin,
        relation=typed.relation,
        province_code=typed.province_code,
        commune_code=typed.commune_code,
        douar=typed.douar,
        address=typed.address,
        disaster=typed.disaster,
        evacuated=typed.evacuated,
        damage=typed.damage,
    )


def disagreements(member: HouseholdLine, head: HouseholdLine, head_row: int) -> list[str]:
    """Where a member row contradicts its head's row (cells it leaves empty are fine)."""
    reasons = []
    if member.head_cin != head.head_cin:
        reasons.append(f"head_cin: differs from the head's row (row {head_row})")
    ours, theirs = member.household_cells(), head.household_cells()
    for cell in HOUSEHOLD_CELLS:
        if ours[cell] is not None and ours[cell] != theirs[cell]:
            reasons.append(f"{cell}: differs from the head's row (row {head_row})")
    return reasons


def _rule_reason(error: BusinessRuleBroken) -> str:
    column = _COLUMN_OF_FIELD.get(error.field or "", error.field or "row")
    return f"{column}: {error}"


# --- the use case -------------------------------------------------------------------------------


@dataclass
class _Head:
    """What the rest of a household's rows need to know about its head's row."""

    row: int
    line: HouseholdLine | None
    household_id: UUID | None
    failure: list[str]  # the head row's reasons when it was rejected


@dataclass
class _Outcomes:
    entries: dict[Outcome, list[tuple[int, Any]]] = field(
        default_factory=lambda: {o: [] for o in Outcome}
    )

    def accept(self, row: int, household_id: UUID) -> None:
        self.entries[Outcome.ACCEPTED].append((row, household_id))

    def unchanged(self, row: int, household_id: UUID) -> None:
        self.entries[Outcome.DUPLICATE].append((row, household_id))

    def reject(self, row: int, reasons: list[str]) -> None:
        self.entries[Outcome.REJECTED].append((row, reasons))

    def in_row_order(self) -> dict[Outcome, list[tuple[int, Any]]]:
        return {o: sorted(e, key=lambda entry: entry[0]) for o, e in self.entries.items()}


class HouseholdImportUseCases(ImportUseCases, BeneficiaryViews, HouseholdUseCases):
    """Household CSVs, on the beneficiary import's jobs (`JobKind.HOUSEHOLDS`)."""

    def submit_import(
        self, text: str, *, kind: JobKind, submitted_by: str, job_id: UUID | None = None
    ) -> UUID:
        if JobKind(kind) is not JobKind.HOUSEHOLDS:
            return super().submit_import(text, kind=kind, submitted_by=submitted_by, job_id=job_id)
        read_household_header(text)
        job_id = job_id or uuid4()
        self.import_jobs.create(job_id, JobKind.HOUSEHOLDS, submitted_by, count_rows(text))
        return job_id

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
        job_id = job_id or uuid4()
        if not self.import_jobs.exists(job_id):
            self.import_jobs.create(job_id, JobKind.HOUSEHOLDS, actor, 0)
        try:
            report = self._run_household_import(text, actor, job_id, progress, allowed_provinces)
        except Exception as e:
            self.import_jobs.finish(job_id, JobStatus.FAILED, f"{type(e).__name__}: {e}")
            raise
        self.import_jobs.finish(job_id, JobStatus.DONE)
        return report

    def household_headed_by(self, head_id: UUID) -> UUID | None:
        """The first household registered with this head, if any."""
        t = household_table.c
        query = (
            select(t.household_id)
            .where(t.head_id == head_id)
            .order_by(t.registered_at, t.household_id)
            .limit(1)
        )
        with engine_of(self).connect() as conn:
            found: UUID | None = conn.execute(query).scalar_one_or_none()
        return found

    def _run_household_import(
        self,
        text: str,
        actor: str,
        job_id: UUID,
        progress: Progress | None,
        allowed_provinces: frozenset[str] | None,
    ) -> ImportReport:
        report = ImportReport(job_id=job_id, total_rows=count_rows(text))
        run = _HouseholdRun(
            self, actor, f"bulk import {job_id}", allowed_provinces, self.territory()
        )
        processed = 0
        for number, batch in enumerate(household_batches(parse_household_rows(text))):
            outcomes = run.batch(batch)
            report.accepted.extend(outcomes[Outcome.ACCEPTED])
            report.duplicates.extend(outcomes[Outcome.DUPLICATE])
            report.rejected.extend(outcomes[Outcome.REJECTED])
            processed += len(batch)
            self.import_jobs.record_batch(job_id, number, report, processed, outcomes)
            if progress is not None:
                progress(processed, report.total_rows)
        if processed == 0:
            self.import_jobs.record_batch(job_id, 0, report, 0, {})
        return report


class _HouseholdRun:
    """One import: the heads seen so far (by household_ref) and each batch's work."""

    def __init__(
        self,
        app: HouseholdImportUseCases,
        actor: str,
        reason: str,
        allowed: frozenset[str] | None,
        territory: Territory,
    ) -> None:
        self.app = app
        self.actor = actor
        self.reason = reason
        self.allowed = allowed
        self.territory = territory
        self.heads: dict[str, _Head] = {}
        self.people: dict[str, Beneficiary | None] = {}

    def batch(
        self, rows: list[tuple[int, Row | RowRejected]]
    ) -> dict[Outcome, list[tuple[int, Any]]]:
        out = _Outcomes()
        self.people = {}  # per batch: records change, and memory stays small
        groups: dict[str, list[tuple[int, Row]]] = {}
        for number, row in rows:
            if isinstance(row, RowRejected):
                out.reject(number, row.reasons)
                continue
            ref = row.get("household_ref")
            if ref is None:
                out.reject(number, self._own_reasons(row))
                continue
            groups.setdefault(ref, []).append((number, row))
        for ref, group in groups.items():
            self._household(ref, group, out)
        return out.in_row_order()

    def _own_reasons(self, row: Row) -> list[str]:
        try:
            validate_household_row(row, self.territory)
        except RowRejected as e:
            return e.reasons
        return []

    def _household(self, ref: str, group: list[tuple[int, Row]], out: _Outcomes) -> None:
        lines: list[tuple[int, HouseholdLine | RowRejected]] = []
        for number, row in group:
            try:
                lines.append((number, validate_household_row(row, self.territory)))
            except RowRejected as e:
                lines.append((number, e))
        # The head's row is the one saying "head", even when its other cells are bad.
        is_head = [(row.get("relation") or "").strip().lower() == Relation.HEAD for _, row in group]
        candidates = [item for item, head in zip(lines, is_head, strict=True) if head]
        members = [item for item, head in zip(lines, is_head, strict=True) if not head]
        head = self.heads.get(ref)
        if head is None and not candidates:
            for number, line in members:
                reasons = line.reasons if isinstance(line, RowRejected) else []
                out.reject(number, [*reasons, f"head: no row of household {ref} has relation head"])
            return
        if head is None:
            number, line = candidates.pop(0)
            head = self.heads[ref] = self._head(number, line, out)
        for number, line in candidates:
            reasons = line.reasons if isinstance(line, RowRejected) else []
            out.reject(
                number, [*reasons, f"relation: household {ref} has its head on row {head.row}"]
            )
        if head.household_id is None or head.line is None:
            for number, line in members:
                reasons = line.reasons if isinstance(line, RowRejected) else []
                out.reject(
                    number, [*reasons, *(f"head: {r} (row {head.row})" for r in head.failure)]
                )
            return
        self._members(head, head.household_id, head.line, members, out)

    def _head(self, number: int, line: HouseholdLine | RowRejected, out: _Outcomes) -> _Head:
        if isinstance(line, RowRejected):
            out.reject(number, line.reasons)
            return _Head(number, None, None, line.reasons)
        try:
            household_id, changed = self._settle_head(line)
        except RowRejected as e:
            out.reject(number, e.reasons)
            return _Head(number, line, None, e.reasons)
        if changed:
            out.accept(number, household_id)
        else:
            out.unchanged(number, household_id)
        return _Head(number, line, household_id, [])

    def _settle_head(self, line: HouseholdLine) -> tuple[UUID, bool]:
        """The household, registered if its head heads none yet, with the disaster's impact
        recorded unless already so; and whether anything was recorded."""
        assert line.province_code and line.commune_code and line.douar
        if self.allowed is not None and line.province_code not in self.allowed:
            raise RowRejected([NOT_ALLOWED])
        head = self._person(line.head_cin, "head_cin")
        changed = False
        try:
            household_id = self.app.household_headed_by(head.id)
            if household_id is None:
                household_id = self.app.register_household(
                    head.id,
                    line.province_code,
                    line.commune_code,
                    line.douar,
                    line.address,
                    actor=self.actor,
                    reason=self.reason,
                )
                changed = True
            elif (
                self.allowed is not None
                and self.app.household(household_id).province_code not in self.allowed
            ):
                raise RowRejected([NOT_ALLOWED])
            if line.disaster is not None:
                assert line.evacuated is not None and line.damage is not None
                recorded = self.app.household(household_id).impacts.get(line.disaster)
                wanted = {
                    "disaster": line.disaster,
                    "evacuated": line.evacuated,
                    "damage": str(line.damage),
                }
                if recorded != wanted:
                    self.app.record_disaster_impact(
                        household_id,
                        line.disaster,
                        evacuated=line.evacuated,
                        damage=line.damage,
                        actor=self.actor,
                        reason=self.reason,
                    )
                    changed = True
        except BusinessRuleBroken as e:
            raise RowRejected([_rule_reason(e)]) from None
        except DUPLICATE_ERRORS:
            raise RowRejected([CHANGED_MEANWHILE]) from None
        return household_id, changed

    def _members(
        self,
        head: _Head,
        household_id: UUID,
        head_line: HouseholdLine,
        members: list[tuple[int, HouseholdLine | RowRejected]],
        out: _Outcomes,
    ) -> None:
        if not members:
            return
        current = dict(self.app.household(household_id).members)
        for number, line in members:
            if isinstance(line, RowRejected):
                out.reject(number, line.reasons)
                continue
            reasons = disagreements(line, head_line, head.row)
            if reasons:
                out.reject(number, reasons)
                continue
            assert line.member_cin is not None
            try:
                member = self._person(line.member_cin, "member_cin")
                relation = current.get(str(member.id))
                if relation == line.relation:
                    out.unchanged(number, household_id)
                    continue
                if relation is not None:
                    raise RowRejected(
                        [f"relation: already a member of this household as {relation}"]
                    )
                self.app.add_member(
                    household_id, member.id, line.relation, actor=self.actor, reason=self.reason
                )
            except RowRejected as e:
                out.reject(number, e.reasons)
                continue
            except BusinessRuleBroken as e:
                out.reject(number, [_rule_reason(e)])
                continue
            except DUPLICATE_ERRORS:
                out.reject(number, [CHANGED_MEANWHILE])
                current = dict(self.app.household(household_id).members)
                continue
            current[str(member.id)] = str(line.relation)
            out.accept(number, household_id)

    def _person(self, cin: str, column: str) -> Beneficiary:
        """The enrolled beneficiary with this national ID (following merges), visible to
        the caller; RowRejected naming `column` otherwise."""
        if cin not in self.people:
            found = self.app.find_by_national_id(cin)
            person = None
            if found is not None:
                try:
                    person = self.app.existing_beneficiary(self.app.resolve(found))
                except AggregateNotFoundError:
                    person = None
            self.people[cin] = person
        person = self.people[cin]
        if person is None:
            raise RowRejected([f"{column}: {UNKNOWN_PERSON}"])
        if self.allowed is not None and person.province_code not in self.allowed:
            raise RowRejected([f"{column}: {NOT_VISIBLE}"])
        return person
