"""Our application recorder, and what we read from eventsourcing-sqlalchemy's recorder beyond
the library's `ApplicationRecorder` interface (see the package's docstring)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import Notification, StoredEvent
from eventsourcing_sqlalchemy.datastore import Transaction, transactions
from eventsourcing_sqlalchemy.recorders import SQLAlchemyApplicationRecorder, SQLAlchemyRecorder
from sqlalchemy import Table, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from shared.bulk import insert_numbered_rows

_EVENT_KEY = ("originator_id", "originator_version")


class CoreApplicationRecorder(SQLAlchemyApplicationRecorder):
    """Inserts a batch of stored events with COPY on PostgreSQL (one Core INSERT elsewhere)
    instead of an ORM object per event: several times faster, under the same table lock.

    Returns the notification ids, as the library's recorder contract asks
    (tests/integration/test_recorder_contract.py): `Application.save`'s recordings then carry
    each event's position in the log, which a read-your-writes wait needs.
    """

    def _insert_stored_events(
        self, session: Session, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int]:
        if not stored_events:
            return []
        self._lock_table(session)
        rows = [
            {
                "originator_id": e.originator_id,
                "originator_version": e.originator_version,
                "topic": e.topic,
                "state": e.state,
            }
            for e in stored_events
        ]
        notification_ids = insert_numbered_rows(session, events_table(self), rows, _EVENT_KEY)
        self._notify_channel(session)
        return notification_ids


def _sqlalchemy_recorder(app: Application[Any]) -> SQLAlchemyRecorder:
    recorder = app.recorder
    assert isinstance(recorder, SQLAlchemyRecorder), type(recorder)
    return recorder


def events_table(recorder: Any) -> Table:
    """The recorder's events table."""
    table: Table = recorder.events_record_cls.__table__
    return table


def lock_statement(recorder: Any) -> str:
    """The lock the recorder takes so notification ids commit in order (PostgreSQL)."""
    return f"LOCK TABLE {events_table(recorder).fullname} IN EXCLUSIVE MODE"


def notify_channel(recorder: Any) -> str:
    """The channel the recorder NOTIFYs in each transaction that stores events (PostgreSQL)."""
    channel: str = recorder.channel_name
    return channel


def notify_statement(recorder: Any) -> str:
    """The NOTIFY the recorder sends after a commit (PostgreSQL)."""
    return f"NOTIFY {notify_channel(recorder)}"


def engine_of(app: Application[Any]) -> Engine:
    """The SQLAlchemy engine under an application's event store."""
    engine = _sqlalchemy_recorder(app).datastore.engine
    assert isinstance(engine, Engine)
    return engine


def postgres_dsn_of(app: Application[Any]) -> str | None:
    """The libpq address of the app's database if it is PostgreSQL (None for SQLite, POPO)."""
    recorder = app.recorder
    if not isinstance(recorder, SQLAlchemyRecorder):
        return None
    engine = recorder.datastore.engine
    if not isinstance(engine, Engine) or engine.dialect.name != "postgresql":
        return None
    dsn: str = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    return dsn


def transaction_of(app: Application[Any], commit: bool = True) -> Transaction:
    """The recorder's transaction (a `Session` when entered): rows written in it commit with
    the events `insert_events_in` writes in it."""
    return _sqlalchemy_recorder(app).transaction(commit=commit)


def in_transaction() -> bool:
    """Whether this context is inside a recorder transaction (`transaction_of`, or a save's
    own) that has not ended: what is written now commits only when that one does."""
    return transactions.get(None) is not None


def insert_events_in(
    app: Application[UUID], session: Session, stored_events: Sequence[StoredEvent]
) -> Sequence[int]:
    """Stored events into the log inside `session` (from `transaction_of`); their ids."""
    recorder = app.recorder
    assert isinstance(recorder, SQLAlchemyApplicationRecorder), type(recorder)
    return recorder.insert_events(stored_events, session=session) or []


def read_notifications(app: Application[Any], after: int, limit: int) -> list[Notification]:
    """The next `limit` notifications after position `after`, read with one Core query.

    The recorder's own `select_notifications` builds an ORM object per row, which made it the
    relay's bottleneck (about 15k rows/s against about 60k/s this way).
    """
    table = events_table(app.recorder)
    query = (
        select(
            table.c.id,
            table.c.originator_id,
            table.c.originator_version,
            table.c.topic,
            table.c.state,
        )
        .where(table.c.id > after)
        .order_by(table.c.id)
        .limit(limit)
    )
    with engine_of(app).connect() as conn:
        return [
            Notification(
                id=row.id,
                originator_id=row.originator_id,
                originator_version=row.originator_version,
                topic=row.topic,
                state=row.state,
            )
            for row in conn.execute(query)
        ]
