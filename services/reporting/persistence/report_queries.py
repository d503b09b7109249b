"""Reports' declarations as SQL: one query over the rows valid at the moment asked.

A kept row is valid at T when valid_from <= T < valid_to (valid_to unset: still); with no
moment, the rows still open. An appended row counts at T when it was recorded by then.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    Table,
    and_,
    case,
    false,
    func,
    null,
    or_,
    select,
    true,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from services.reporting.application.projecting import Projection
from services.reporting.application.reports import (
    EVERY_PROVINCE,
    Answer,
    Measure,
    Op,
    Question,
)
from services.reporting.domain.history import Kind, amount_of
from services.reporting.persistence.projection_store import SqlProjectionStore


class ProjectionNotLive(LookupError):
    pass


def valid_at(table: Table, kind: Kind, question: Question) -> ColumnElement[bool]:
    # In UTC, as the rows' times are: SQLite compares the times' text, without their offset.
    moment = question.as_of.astimezone(UTC) if question.as_of is not None else None
    if kind.appended:
        return table.c.at <= moment if moment is not None else true()
    if moment is None:
        return table.c.valid_to.is_(None)
    return and_(
        table.c.valid_from <= moment,
        or_(table.c.valid_to.is_(None), table.c.valid_to > moment),
    )


def day_of(question: Question) -> date:
    """The day a measure `during` two dates is in force on: the moment's, UTC."""
    return (question.as_of or datetime.now(UTC)).astimezone(UTC).date()


def _measure(table: Table, m: Measure, day: date) -> ColumnElement[Any]:
    if m.op is Op.NOT_RECORDED:
        return null().label(m.name)
    in_force: ColumnElement[bool] | None = None
    if m.during is not None:
        starts, ends = (table.c[f] for f in m.during)
        in_force = and_(starts <= day, ends > day)  # unset dates: not in force
    if m.op is Op.COUNT:
        if in_force is None:
            return func.count().label(m.name)
        return func.coalesce(func.sum(case((in_force, 1), else_=0)), 0).label(m.name)
    column: ColumnElement[Any] = table.c[m.field or m.name]
    if in_force is not None:
        column = case((in_force, column), else_=null())
    if m.op in (Op.SUM, Op.SUM_MONEY):
        return func.coalesce(func.sum(column), 0).label(m.name)
    if m.op is Op.AVG:
        return func.coalesce(func.avg(column), 0).label(m.name)
    if m.op is Op.MAX:
        return func.max(column).label(m.name)
    if m.op is Op.COUNT_TRUE:
        return func.coalesce(func.sum(case((column.is_(True), 1), else_=0)), 0).label(m.name)
    return func.count(func.distinct(column)).label(m.name)


class SqlReportQueries:
    def __init__(
        self, engine: Engine, store: SqlProjectionStore, projections: Sequence[Projection]
    ) -> None:
        self._engine = engine
        self._store = store
        self._projections = {p.name: p for p in projections}

    def answer(self, question: Question) -> Answer:
        report = question.report
        projection = self._projections[report.projection]
        with Session(self._engine) as session:
            generation = self._store.live(session).get(projection.name)
            if generation is None or generation.version != projection.version:
                raise ProjectionNotLive(
                    f"projection {projection.name} v{projection.version} is not built yet: "
                    f"run `taawun replay {projection.name}`"
                )
            kind = projection.kind(report.kind)
            table = self._store.table(generation, kind)
            joined = None
            if report.join is not None:
                joined = self._store.table(generation, projection.kind(report.join.kind))
            query = self._query(question, kind, table, joined, projection)
            money = [f.name for f in kind.fields if f.money]
            rows = [
                self._shaped(r._asdict(), report.measures, money) for r in session.execute(query)
            ]
        return Answer(report.name, question.as_of, report.columns, rows)

    def _query(
        self,
        question: Question,
        kind: Kind,
        table: Table,
        joined: Table | None,
        projection: Projection,
    ) -> Select[Any]:
        report = question.report
        conditions: list[ColumnElement[bool]] = [valid_at(table, kind, question)]
        conditions += [table.c[f] == v for f, v in report.where.items()]
        for parameter, value in question.filters.items():
            field = report.filters[parameter]
            condition = self._filter(table, field, value)
            if joined is not None and report.join is not None and field == report.join.on:
                condition = or_(condition, joined.c.code == value)  # an id or a code
            conditions.append(condition)
        if joined is not None and report.join is not None:
            conditions += [joined.c[f].is_not(None) for f in report.join.required]
        if EVERY_PROVINCE not in question.provinces and "province_code" in table.c:
            conditions.append(table.c.province_code.in_(list(question.provinces)))
        if question.subject is not None and report.subject is not None:
            conditions.append(table.c[report.subject] == question.subject)
        extra: list[ColumnElement[Any]] = []
        if joined is not None and report.join is not None:
            extra = [joined.c[f].label(n) for n, f in report.join.fields.items()]
        if report.measures:
            groups = [table.c[g] for g in report.group_by]
            measures = [_measure(table, m, day_of(question)) for m in report.measures]
            query = select(*groups, *extra, *measures)
            query = query.group_by(*groups, *extra)
            order: list[Any] = [c for c in (*groups, *extra)]
        else:
            query = select(*(table.c[f] for f in report.shows), *extra)
            order = [table.c[o] for o in report.order_by]
            if report.newest_first:
                newest = table.c.at if kind.appended else table.c.valid_from
                order = [newest.desc(), table.c.row_id.desc()]  # ties in a stable order
        if joined is not None and report.join is not None:
            other = projection.kind(report.join.kind)
            query = query.select_from(table).outerjoin(
                joined,
                and_(
                    joined.c.key == table.c[report.join.on],
                    valid_at(joined, other, question),
                ),
            )
        query = query.where(*conditions).order_by(*order)
        return query.limit(report.limit) if report.limit else query

    @staticmethod
    def _filter(table: Table, field: str, value: str) -> ColumnElement[bool]:
        column = table.c[field]
        if column.type.python_type is int:
            return column == int(value) if value.lstrip("-").isdigit() else false()
        return column == value

    @staticmethod
    def _shaped(
        row: dict[str, Any], measures: Sequence[Measure], money: Sequence[str]
    ) -> dict[str, Any]:
        for name, value in row.items():
            if isinstance(value, datetime) and value.tzinfo is None:
                row[name] = value.replace(tzinfo=UTC)  # SQLite's: stored in UTC
        for name in money:
            if name in row and row[name] is not None and not measures:
                row[name] = amount_of(int(row[name]))
        for m in measures:
            if m.op is Op.SUM_MONEY:
                row[m.name] = amount_of(int(row[m.name]))
            elif m.op is Op.AVG:
                row[m.name] = round(float(row[m.name]), 1)
            elif m.op not in (Op.SUM, Op.MAX, Op.NOT_RECORDED):
                row[m.name] = int(row[m.name])
        return row
