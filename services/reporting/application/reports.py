"""Reports: what each one counts or sums, over which projection's rows, as of a moment.

A report is declared, not written: the kind of row it reads, the fields it groups by, its
measures, the filters a caller may give and which field each filters. persistence/ turns the
declaration into one query over the rows valid at the moment asked, so every report
answers as of any moment from the projections' own history.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from services.reporting.domain.history import Value

EVERY_PROVINCE = "*"


class Op(StrEnum):
    COUNT = "count"  # rows
    SUM = "sum"
    SUM_MONEY = "sum_money"  # centimes, answered as "1468411.00"
    COUNT_TRUE = "count_true"  # rows where the field is true
    COUNT_DISTINCT = "count_distinct"
    AVG = "avg"
    MAX = "max"
    # No event reporting reads records it (intake keeps it to itself): answered null, so
    # nobody mistakes it for zero.
    NOT_RECORDED = "not_recorded"


@dataclass(frozen=True)
class Measure:
    name: str
    op: Op
    field: str | None = None
    # Only rows in force on the day asked about (the as-of moment's date, UTC; today without
    # one): `during[0]` <= that day < `during[1]`, two date fields of the row; a row with
    # either unset is not in force.
    during: tuple[str, str] | None = None


@dataclass(frozen=True)
class Join:
    """Fields of another kind's row (valid at the same moment) whose key is `on`'s value."""

    kind: str
    on: str
    fields: Mapping[str, str]  # answered as -> the other kind's field
    # The other kind's fields a row's match must have set: a row whose match lacks one (or
    # has no match at that moment) is left out (relief: decisions of disaster programmes).
    required: tuple[str, ...] = ()


@dataclass(frozen=True)
class Report:
    name: str
    projection: str
    kind: str
    description: str
    group_by: tuple[str, ...] = ()
    measures: tuple[Measure, ...] = ()
    shows: tuple[str, ...] = ()  # without measures: these fields of each row
    where: Mapping[str, Value] = field(default_factory=dict)
    filters: Mapping[str, str] = field(default_factory=dict)  # parameter -> field
    join: Join | None = None
    order_by: tuple[str, ...] = ()
    newest_first: bool = False  # appended rows, latest first
    limit: int | None = None
    subject: str | None = None  # the field `GET /reports/{name}/{id}` selects on
    subject_required: bool = False  # answered only about one subject (a timeline)

    @property
    def columns(self) -> tuple[str, ...]:
        joined = tuple(self.join.fields) if self.join else ()
        if self.measures:
            return (*self.group_by, *joined, *(m.name for m in self.measures))
        return (*self.shows, *joined)


@dataclass(frozen=True)
class Question:
    """One caller's question to one report."""

    report: Report
    as_of: datetime | None = None
    filters: Mapping[str, str] = field(default_factory=dict)  # parameter -> value
    provinces: Collection[str] = (EVERY_PROVINCE,)  # the caller's
    subject: str | None = None


@dataclass(frozen=True)
class Answer:
    report: str
    as_of: datetime | None
    columns: Sequence[str]
    rows: list[dict[str, Value]]


class ReportQueries(Protocol):
    def answer(self, question: Question) -> Answer: ...


class ReportUnknown(LookupError):
    field = "report"


class FilterUnknown(ValueError):
    def __init__(self, name: str, report: str, known: Collection[str]) -> None:
        super().__init__(f"{report} has no filter {name!r}; it takes {', '.join(sorted(known))}")
        self.field = name


class SubjectMissing(ValueError):
    field = "subject"


class Reports:
    """The use case: find the report, check the question, ask the queries."""

    def __init__(self, reports: Sequence[Report], queries: ReportQueries) -> None:
        self.reports = {r.name: r for r in reports}
        self._queries = queries

    def report(self, name: str) -> Report:
        found = self.reports.get(name)
        if found is None:
            raise ReportUnknown(f"no report {name!r}; there are {', '.join(sorted(self.reports))}")
        return found

    def answer(
        self,
        name: str,
        *,
        as_of: datetime | None,
        filters: Mapping[str, str],
        provinces: Collection[str],
        subject: str | None = None,
    ) -> Answer:
        report = self.report(name)
        if report.subject_required and not subject:
            raise SubjectMissing(f"{name} answers about one subject: /reports/{name}/{{id}}")
        for given in filters:
            if given not in report.filters:
                raise FilterUnknown(given, name, report.filters)
        question = Question(report, as_of, dict(filters), tuple(provinces), subject)
        return self._queries.answer(question)
