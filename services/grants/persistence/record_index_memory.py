"""The record indexes next to the POPO store of unit tests: the same rows as the SQL tables
(record_index_rows.py), in dictionaries, filtered and paged in Python."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, nullcontext
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Recording
from sqlalchemy import Table

from services.grants.application.ports import DecisionQuery, Page
from services.grants.domain.payment_list import PaymentList
from services.grants.persistence.record_index_rows import (
    decision_index,
    exception_index,
    line_changes,
    order_index,
    payment_list_index,
    rows_by_table,
    saved_rows,
)

Row = dict[str, Any]


class InMemoryRecordIndexes:
    created = True

    def __init__(self) -> None:
        self._rows: dict[str, dict[UUID, Row]] = {}
        self.lines: dict[UUID, set[UUID]] = {}

    def transaction(self) -> AbstractContextManager[None]:
        return nullcontext()

    def keep(self, records: Iterable[object], recordings: list[Recording[UUID]]) -> None:
        for table, rows in saved_rows(records, recordings).items():
            self.keep_rows(table, rows)
        for change in line_changes(recordings):
            lines = self.lines.setdefault(change.payment_list_id, set())
            if change.decision_ids is None:
                lines.clear()
            elif change.added:
                lines.update(change.decision_ids)
            else:
                lines.difference_update(change.decision_ids)

    def keep_rows(self, table: Table, rows: list[Row]) -> None:
        kept = self._rows.setdefault(table.name, {})
        for row in rows:
            there = kept.get(row["id"])
            if there is None or row["version"] > there["version"]:
                position = None if there is None else there.get("position")
                kept[row["id"]] = row | ({"position": position} if position is not None else {})

    def rebuild(self, found: list[tuple[Aggregate, int]]) -> None:
        for table, rows in rows_by_table(found).items():
            self.keep_rows(table, rows)
        for record, _ in found:
            there = self._rows.get(payment_list_index.name, {}).get(record.id)
            if isinstance(record, PaymentList) and there and there["version"] == record.version:
                self.lines[record.id] = set() if record.withdrawn else set(record.lines)

    def rows(self, table: Table) -> list[Row]:
        return list(self._rows.get(table.name, {}).values())

    def decisions(self, query: DecisionQuery) -> Page:
        status = None if query.status is None else str(query.status)
        wanted = {
            "programme_id": query.programme_id,
            "cycle": query.cycle,
            "component": query.component,
            "status": status,
            "subject_id": query.subject_id,
        }
        found = self._where(decision_index, query.provinces, wanted)
        return _paged(found, _by_time, query.limit, query.offset)

    def unlisted_proposals(
        self, programme_id: UUID, cycle: str, province_code: str, component: str
    ) -> list[UUID]:
        key = {"programme_id": programme_id, "cycle": cycle, "component": component}
        lists = self._where(payment_list_index, frozenset({province_code}), key)
        listed = {d for pl in lists for d in self.lines.get(pl["id"], set())}
        proposed = key | {"status": "proposed"}
        found = self._where(decision_index, frozenset({province_code}), proposed)
        return [r["id"] for r in sorted(found, key=_by_time) if r["id"] not in listed]

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
        wanted = {"programme_id": programme_id, "cycle": cycle, "component": component}
        return _paged(self._where(payment_list_index, provinces, wanted), _by_time, limit, offset)

    def last_number(
        self, programme_id: UUID, cycle: str, province_code: str, component: str
    ) -> int:
        key = {"programme_id": programme_id, "cycle": cycle, "component": component}
        lists = self._where(payment_list_index, frozenset({province_code}), key)
        return max((pl["number"] for pl in lists), default=0)

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
        wanted = {"programme_id": programme_id, "cycle": cycle, "status": status}
        return _paged(self._where(order_index, provinces, wanted), _by_position, limit, offset)

    def exceptions(
        self, *, status: str | None, provinces: frozenset[str] | None, limit: int, offset: int
    ) -> Page:
        found = [
            r
            for r in self._where(exception_index, None, {"status": status})
            if provinces is None or r["province_code"] is None or r["province_code"] in provinces
        ]
        return _paged(found, _by_position, limit, offset)

    def _where(
        self, table: Table, provinces: frozenset[str] | None, wanted: Mapping[str, object]
    ) -> Iterator[Row]:
        for row in self.rows(table):
            if provinces is not None and row["province_code"] not in provinces:
                continue
            if all(v is None or row[k] == v for k, v in wanted.items()):
                yield row


def _by_time(row: Row) -> tuple[Any, str]:
    return row["created_on"], str(row["id"])


def _by_position(row: Row) -> tuple[int, str]:
    return row["position"] or 0, str(row["id"])


def _paged(rows: Iterable[Row], order: Callable[[Row], Any], limit: int, offset: int) -> Page:
    found = sorted(rows, key=order)
    return [r["id"] for r in found[offset : offset + limit]], len(found)
