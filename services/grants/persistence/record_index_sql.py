"""The record indexes in grants' database (SQLite, PostgreSQL): `DecisionIndex`,
`PaymentListIndex` and `OrderIndex`, paged in SQL, and `keep`, which `GrantsEventStore.save`
calls in the transaction that stores the events."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Recording
from sqlalchemy import ColumnElement, Select, and_, delete, exists, func, inspect, or_, select
from sqlalchemy.orm import Session

from services.grants.application.ports import DecisionQuery, Page
from services.grants.domain.payment_list import PaymentList
from services.grants.persistence.record_index_rows import (
    decision_index,
    exception_index,
    line_changes,
    metadata,
    order_index,
    payment_list_index,
    payment_list_lines,
    rows_by_table,
    saved_rows,
)
from shared.eventsourcing_internals import engine_of, transaction_of
from shared.upsert import insert_rows_unless_present, upsert_newer

D, L, OR, E = decision_index.c, payment_list_index.c, order_index.c, exception_index.c


def _equal(column: Any, wanted: object) -> ColumnElement[bool] | None:
    return None if wanted is None else column == wanted


def _within(column: Any, provinces: frozenset[str] | None) -> ColumnElement[bool] | None:
    return None if provinces is None else column.in_(sorted(provinces))


class SqlRecordIndexes:
    def __init__(self, store: Application[UUID]) -> None:
        self._store = store
        engine = engine_of(store)
        self.created = not inspect(engine).has_table(decision_index.name)
        metadata.create_all(engine, checkfirst=True)

    def transaction(self) -> Any:
        return transaction_of(self._store)

    def keep(self, records: Iterable[object], recordings: list[Recording[UUID]]) -> None:
        """The saved records' rows, then their lines (in this order: the row's lock orders a
        rebuild and a live save of the same list)."""
        with transaction_of(self._store) as session:
            for table, rows in saved_rows(records, recordings).items():
                upsert_newer(session, table, rows, key=["id"], kept=_kept(table.c))
            for change in line_changes(recordings):
                lines = change.payment_list_id, change.decision_ids
                self._change_lines(session, *lines, change.added)

    def rebuild(self, found: list[tuple[Aggregate, int]]) -> None:
        """Rows from records as loaded (a rebuild): a row already newer stays as it is, and so
        do its list's lines."""
        with transaction_of(self._store) as session:
            for table, rows in rows_by_table(found).items():
                upsert_newer(session, table, rows, key=["id"], kept=_kept(table.c))
            for record, _ in found:
                if not isinstance(record, PaymentList):
                    continue
                there = select(L.version).where(L.id == record.id)
                if session.execute(there).scalar_one() == record.version:
                    lines = payment_list_lines.c.payment_list_id == record.id
                    session.execute(delete(payment_list_lines).where(lines))
                    listed = () if record.withdrawn else tuple(record.lines)
                    self._change_lines(session, record.id, listed, True)

    @staticmethod
    def _change_lines(
        session: Session,
        payment_list_id: UUID,
        decision_ids: tuple[UUID, ...] | None,  # None: all of the list's
        added: bool,
    ) -> None:
        t = payment_list_lines
        if decision_ids is None:
            session.execute(delete(t).where(t.c.payment_list_id == payment_list_id))
        elif not added:
            session.execute(
                delete(t)
                .where(t.c.payment_list_id == payment_list_id)
                .where(t.c.decision_id.in_(decision_ids))
            )
        elif decision_ids:
            rows = [{"payment_list_id": payment_list_id, "decision_id": d} for d in decision_ids]
            insert_rows_unless_present(session, t, rows)

    # --- DecisionIndex --------------------------------------------------------------------

    def decisions(self, query: DecisionQuery) -> Page:
        status = None if query.status is None else str(query.status)
        where = [
            _within(D.province_code, query.provinces),
            _equal(D.programme_id, query.programme_id),
            _equal(D.cycle, query.cycle),
            _equal(D.component, query.component),
            _equal(D.status, status),
            _equal(D.subject_id, query.subject_id),
        ]
        chosen = select(D.id).order_by(D.created_on, D.id)
        return self._paged(chosen, where, query.limit, query.offset)

    def unlisted_proposals(
        self, programme_id: UUID, cycle: str, province_code: str, component: str
    ) -> list[UUID]:
        key = [L.programme_id == programme_id, L.cycle == cycle]
        key += [L.province_code == province_code, L.component == component]
        listed = exists().where(
            payment_list_lines.c.decision_id == D.id,
            payment_list_lines.c.payment_list_id == L.id,
            *key,
        )
        query = (
            select(D.id)
            .where(D.programme_id == programme_id, D.cycle == cycle)
            .where(D.province_code == province_code, D.component == component)
            .where(D.status == "proposed", ~listed)
            .order_by(D.created_on, D.id)
        )
        with transaction_of(self._store) as session:
            return list(session.execute(query).scalars())

    # --- PaymentListIndex ------------------------------------------------------------------

    def payment_lists(
        self,
        provinces: frozenset[str] | None,
        *,
        programme_id: UUID | None,
        cycle: str | None,
        component: str | None,
        limit: int,
        offset: int,
    ) -> Page:
        where = [
            _within(L.province_code, provinces),
            _equal(L.programme_id, programme_id),
            _equal(L.cycle, cycle),
            _equal(L.component, component),
        ]
        return self._paged(select(L.id).order_by(L.created_on, L.id), where, limit, offset)

    def last_number(
        self, programme_id: UUID, cycle: str, province_code: str, component: str
    ) -> int:
        query = select(func.max(L.number)).where(
            L.programme_id == programme_id,
            L.cycle == cycle,
            L.province_code == province_code,
            L.component == component,
        )
        with transaction_of(self._store) as session:
            return int(session.execute(query).scalar() or 0)

    # --- OrderIndex -------------------------------------------------------------------------

    def orders(
        self,
        *,
        programme_id: UUID | None,
        cycle: str | None,
        provinces: frozenset[str] | None,
        status: str | None,
        limit: int,
        offset: int,
    ) -> Page:
        where = [
            _equal(OR.programme_id, programme_id),
            _equal(OR.cycle, cycle),
            _within(OR.province_code, provinces),
            _equal(OR.status, status),
        ]
        return self._paged(select(OR.id).order_by(OR.position, OR.id), where, limit, offset)

    def exceptions(
        self, *, status: str | None, provinces: frozenset[str] | None, limit: int, offset: int
    ) -> Page:
        within = _within(E.province_code, provinces)
        where = [
            _equal(E.status, status),
            None if within is None else or_(E.province_code.is_(None), within),
        ]
        return self._paged(select(E.id).order_by(E.position, E.id), where, limit, offset)

    def _paged(
        self,
        chosen: Select[tuple[UUID]],
        where: list[ColumnElement[bool] | None],
        limit: int,
        offset: int,
    ) -> Page:
        conditions = [c for c in where if c is not None]
        if conditions:
            chosen = chosen.where(and_(*conditions))
        counted = select(func.count()).select_from(chosen.order_by(None).subquery())
        with transaction_of(self._store) as session:
            ids = list(session.execute(chosen.limit(limit).offset(offset)).scalars())
            total = int(session.execute(counted).scalar_one())
        return ids, total


def _kept(columns: Any) -> tuple[str, ...]:
    return ("position",) if "position" in columns else ()
