"""The index rows of grants' listed records, derived from the aggregates themselves.

One row per decision, payment list, order and statement exception, plus one per line of a
payment list. Rows are written by `GrantsEventStore.save` in the transaction that stores the
events (persistence/record_index_sql.py), so they never disagree with them, and carry the
record's version: a row written from an older state never replaces a newer one. `position`
is the notification id of the record's first event (orders and exceptions list in that
order, as they did when they walked the notification log).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Recording
from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Uuid,
)

from services.grants.domain.decision import Decision
from services.grants.domain.delivery_order import DeliveryOrder
from services.grants.domain.order import PaymentOrder
from services.grants.domain.payment_list import PaymentList
from services.grants.domain.statement_records import StatementException

metadata = MetaData()

decision_index = Table(
    "grants_decision_index",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("version", Integer, nullable=False),
    Column("programme_id", Uuid, nullable=False),
    Column("cycle", String(100), nullable=False),
    Column("component", String(64), nullable=False),
    Column("province_code", String(8), nullable=False),
    Column("status", String(32), nullable=False),
    Column("subject_id", Uuid, nullable=False),
    Column("payment_list_id", Uuid, nullable=True),
    Column("created_on", DateTime(timezone=True), nullable=False),
    Index("grants_decisions_in_order", "created_on", "id"),
    Index("grants_decisions_by_province", "province_code", "created_on", "id"),
    Index("grants_decisions_by_list_key", "programme_id", "cycle", "province_code", "component"),
    Index("grants_decisions_by_subject", "subject_id"),
)

payment_list_index = Table(
    "grants_payment_list_index",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("version", Integer, nullable=False),
    Column("programme_id", Uuid, nullable=False),
    Column("cycle", String(100), nullable=False),
    Column("province_code", String(8), nullable=False),
    Column("component", String(64), nullable=False),
    Column("number", Integer, nullable=False),
    Column("created_on", DateTime(timezone=True), nullable=False),
    Index("grants_payment_lists_in_order", "created_on", "id"),
    Index("grants_payment_lists_by_key", "programme_id", "cycle", "province_code", "component"),
)

payment_list_lines = Table(
    "grants_payment_list_lines",
    metadata,
    Column("payment_list_id", Uuid, primary_key=True),
    Column("decision_id", Uuid, primary_key=True),
    Index("grants_payment_list_lines_by_decision", "decision_id"),
)

order_index = Table(
    "grants_order_index",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("version", Integer, nullable=False),
    Column("position", BigInteger, nullable=True),
    Column("programme_id", Uuid, nullable=False),
    Column("cycle", String(100), nullable=False),
    Column("province_code", String(8), nullable=False),
    Column("status", String(32), nullable=False),
    Column("payment_list_id", Uuid, nullable=True),
    Index("grants_orders_in_order", "position", "id"),
    Index("grants_orders_by_province", "province_code", "position"),
)

exception_index = Table(
    "grants_statement_exception_index",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("version", Integer, nullable=False),
    Column("position", BigInteger, nullable=True),
    Column("province_code", String(8), nullable=True),
    Column("status", String(16), nullable=False),
    Index("grants_statement_exceptions_in_order", "position", "id"),
)

INDEXED = (Decision, PaymentList, PaymentOrder, DeliveryOrder, StatementException)
# The first event of each indexed kind: a rebuild walks the notification log by these.
FIRST_EVENTS: tuple[type[Aggregate.Event], ...] = (
    Decision.Proposed,
    PaymentList.DrawnUp,
    PaymentOrder.Issued,
    DeliveryOrder.Issued,
    StatementException.Raised,
)


def index_row(record: Aggregate, position: int | None) -> tuple[Table, dict[str, Any]] | None:
    """The record's row and its table; None for a kind that is not indexed."""
    row: dict[str, Any] = {"id": record.id, "version": record.version}
    if isinstance(record, Decision):
        return decision_index, row | {
            "programme_id": record.programme_id,
            "cycle": record.cycle,
            "component": record.component,
            "province_code": record.province_code,
            "status": str(record.status),
            "subject_id": record.subject_id,
            "payment_list_id": getattr(record, "payment_list_id", None),
            "created_on": record.created_on,
        }
    if isinstance(record, PaymentList):
        return payment_list_index, row | {
            "programme_id": record.programme_id,
            "cycle": record.cycle,
            "province_code": record.province_code,
            "component": record.component,
            "number": record.number,
            "created_on": record.created_on,
        }
    if isinstance(record, PaymentOrder | DeliveryOrder):
        return order_index, row | {
            "position": position,
            "programme_id": record.programme_id,
            "cycle": record.cycle,
            "province_code": record.province_code,
            "status": str(record.status),
            "payment_list_id": getattr(record, "payment_list_id", None),
        }
    if isinstance(record, StatementException):
        return exception_index, row | {
            "position": position,
            "province_code": record.province_code,
            "status": record.status,
        }
    return None


@dataclass(frozen=True)
class LineChange:
    """Lines a saved event added to, or removed from, a payment list."""

    payment_list_id: UUID
    decision_ids: tuple[UUID, ...] | None  # None: all of them (the list was withdrawn)
    added: bool


def line_changes(recordings: Iterable[Recording[UUID]]) -> Iterator[LineChange]:
    for recording in recordings:
        event = recording.domain_event
        if isinstance(event, PaymentList.LinesAdded):
            added = tuple(UUID(str(line["decision_id"])) for line in event.lines)
            yield LineChange(event.originator_id, added, True)
        elif isinstance(event, PaymentList.LineRemoved):
            yield LineChange(event.originator_id, (event.decision_id,), False)
        elif isinstance(event, PaymentList.Withdrawn):
            yield LineChange(event.originator_id, None, False)


Rows = dict[Table, list[dict[str, Any]]]


def rows_by_table(found: Iterable[tuple[Aggregate, int | None]]) -> Rows:
    """One row per record (the last, if a record comes twice), by table."""
    rows: dict[Table, dict[UUID, dict[str, Any]]] = {}
    for record, position in found:
        row = index_row(record, position)
        if row is not None:
            rows.setdefault(row[0], {})[record.id] = row[1]
    return {table: list(by_id.values()) for table, by_id in rows.items()}


def saved_rows(records: Iterable[object], recordings: list[Recording[UUID]]) -> Rows:
    """The rows of the indexed records this save stored events of, by table."""
    saved = {r.domain_event.originator_id for r in recordings}
    first = {
        r.domain_event.originator_id: r.notification.id
        for r in recordings
        if isinstance(r.domain_event, Aggregate.Created)
    }
    return rows_by_table(
        (record, first.get(record.id))
        for record in records
        if isinstance(record, INDEXED) and record.id in saved
    )
