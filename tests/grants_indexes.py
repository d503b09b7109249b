"""What grants' record indexes hold, beside what the events say they should hold: the tests
of the indexes compare the two, row by row, on every store."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic
from sqlalchemy import select

from services.grants.domain.payment_list import PaymentList
from services.grants.persistence.event_store import GrantsEventStore
from services.grants.persistence.record_index_memory import InMemoryRecordIndexes
from services.grants.persistence.record_index_rows import (
    FIRST_EVENTS,
    index_row,
    metadata,
    payment_list_lines,
)
from shared.eventsourcing_internals import transaction_of

Rows = dict[str, dict[UUID, dict[str, Any]]]
Lines = dict[UUID, set[UUID]]


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """SQLite gives naive datetimes back (UTC as stored)."""
    return {
        k: v.astimezone(UTC).replace(tzinfo=None) if isinstance(v, datetime) and v.tzinfo else v
        for k, v in row.items()
    }


def from_events(store: GrantsEventStore) -> tuple[Rows, Lines]:
    """Every indexed record's row and lines, derived afresh from its events."""
    rows: Rows = {t.name: {} for t in metadata.sorted_tables if t is not payment_list_lines}
    lines: Lines = {}
    topics = [get_topic(kind) for kind in FIRST_EVENTS]
    for n in store.recorder.select_notifications(None, 1_000_000, topics=topics):
        record: Aggregate = store.repository.get(UUID(str(n.originator_id)))
        found = index_row(record, n.id)
        assert found is not None
        rows[found[0].name][record.id] = _plain(found[1])
        if isinstance(record, PaymentList) and record.lines:
            lines[record.id] = set(record.lines)
    return rows, lines


def indexed(store: GrantsEventStore) -> tuple[Rows, Lines]:
    """What the store's indexes hold."""
    rows: Rows = {t.name: {} for t in metadata.sorted_tables if t is not payment_list_lines}
    lines: Lines = {}
    indexes = store.indexes
    if isinstance(indexes, InMemoryRecordIndexes):
        for t in metadata.sorted_tables:
            for row in indexes.rows(t) if t is not payment_list_lines else []:
                rows[t.name][row["id"]] = _plain(row)
        for list_id, decisions in indexes.lines.items():
            if decisions:
                lines[list_id] = set(decisions)
        return rows, lines
    with transaction_of(store) as session:
        for t in metadata.sorted_tables:
            for found in session.execute(select(t)).mappings():
                if t is payment_list_lines:
                    lines.setdefault(found["payment_list_id"], set()).add(found["decision_id"])
                else:
                    rows[t.name][found["id"]] = _plain(dict(found))
    return rows, lines


def assert_index_agrees_with_events(store: GrantsEventStore) -> None:
    rows, lines = indexed(store)
    expected_rows, expected_lines = from_events(store)
    for table, expected in expected_rows.items():
        assert rows[table] == expected, table
    assert lines == expected_lines
