"""One transaction on the register for a batch of people: look up who is already held and
who is alike (register_lookup.py), then write the new records (their keys, register rows
and events). Single enrolments (group commit) and imports both come through here.

On PostgreSQL the transaction is two messages to the server: "BEGIN; <lookup>", then
"<inserts>; LOCK; <events>; NOTIFY; COMMIT", values bound on this side by psycopg. Each
message is a write to the socket made while holding the GIL, and on a busy machine the
server, woken by it, can take the core from the thread holding the GIL: a batch of single
enrolments sent about ten of them through SQLAlchemy and psycopg pipelines, and the
process's HTTP handlers waited on every one. Large batches (an import's) are written with
COPY instead. Elsewhere (SQLite, the demo) an SQLAlchemy session does it all.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from typing import Any, Protocol
from uuid import UUID
from weakref import WeakSet

import psycopg
from eventsourcing.persistence import IntegrityError, StoredEvent
from sqlalchemy import Table
from sqlalchemy.orm import Session

from services.intake.application.beneficiary_index import beneficiary_index
from services.intake.application.beneficiary_store import BeneficiaryStore
from services.intake.application.register_lookup import (
    LOOKUP_ON_POSTGRES,
    held_and_alike,
    lookup,
    postgres_parameters,
)
from services.intake.privacy.vault import person_keys
from shared.bulk import copy_rows, copy_values, insert_rows
from shared.eventstore import engine_of

# Above this many events COPY beats INSERT statements (an import's batches are far above).
COPY_ABOVE = 500

Found = tuple[dict[str, UUID], dict[str, list[UUID]]]

_LOOKUP = "taawun_register_lookup"
# Connections on which the lookup is prepared (a prepared statement lives as long as its
# server session; PREPARE is not undone by a ROLLBACK).
_PREPARED: WeakSet[psycopg.Connection[Any]] = WeakSet()


class Register(Protocol):
    def lookup(self, identities: Sequence[str], likenesses: Sequence[str], limit: int) -> Found:
        """Who holds each identity hash; the oldest `limit` open records per likeness hash."""

    def write(
        self,
        keys: Sequence[dict[str, Any]],
        index_rows: Sequence[dict[str, Any]],
        events: Sequence[StoredEvent],
    ) -> None:
        """The new records: keys, register rows, events (IntegrityError if an identity was
        taken since the lookup, by another replica)."""


@contextmanager
def register_transaction(app: BeneficiaryStore) -> Iterator[Register]:
    """A transaction on `app`'s register, committed when the block ends without error."""
    engine = engine_of(app)
    if engine.dialect.name != "postgresql":
        with app.recorder.transaction(commit=True) as session:  # type: ignore[attr-defined]
            yield _SessionRegister(app, session)
        return
    pooled = engine.raw_connection()
    connection = pooled.driver_connection
    assert isinstance(connection, psycopg.Connection)
    connection.autocommit = True  # BEGIN and COMMIT travel with the statements
    register = _ScriptedRegister(app, connection)
    try:
        yield register
        register.commit()
    except BaseException:
        register.roll_back()
        raise
    finally:
        try:
            connection.autocommit = False  # as the pool lends it to others
        except psycopg.Error:
            pooled.invalidate()  # broken, or left in a transaction: not for reuse
        pooled.close()
        if connection.broken:
            # The server went away: the pool's other connections are as dead as this one
            # (what SQLAlchemy does when a statement of its own finds a connection dead).
            engine.dispose()


class _SessionRegister:
    def __init__(self, app: BeneficiaryStore, session: Session) -> None:
        self._app, self._session = app, session

    def lookup(self, identities: Sequence[str], likenesses: Sequence[str], limit: int) -> Found:
        return lookup(self._session, identities, likenesses, limit)

    def write(
        self,
        keys: Sequence[dict[str, Any]],
        index_rows: Sequence[dict[str, Any]],
        events: Sequence[StoredEvent],
    ) -> None:
        insert_rows(self._session, person_keys, keys)
        self._app.index.add(self._session, index_rows)
        self._app.recorder.insert_events(list(events), session=self._session)  # type: ignore[call-arg]


class _ScriptedRegister:
    def __init__(self, app: BeneficiaryStore, connection: psycopg.Connection[Any]) -> None:
        recorder: Any = app.recorder
        self._events: Table = recorder.events_record_cls.__table__
        self._channel: str = recorder.channel_name
        self._connection = connection
        self._cursor = psycopg.ClientCursor(connection)
        self._open = False

    def lookup(self, identities: Sequence[str], likenesses: Sequence[str], limit: int) -> Found:
        statements = []
        if self._connection not in _PREPARED:
            # Prepared once per connection: its plan is made once, not for every batch (for
            # an import's thousand hashes, planning cost as much as running it).
            statements.append(f"PREPARE {_LOOKUP} (text, text, int) AS {LOOKUP_ON_POSTGRES}")
            _PREPARED.add(self._connection)
        # Values bound here, into EXECUTE only: in PREPARE's text they would stay for good.
        statements.append(f"EXECUTE {_LOOKUP} (%s, %s, %s)")
        self._run(statements, postgres_parameters(identities, likenesses, limit))
        while self._cursor.nextset():
            pass  # to the last result: the lookup's, after BEGIN's and PREPARE's
        return held_and_alike(self._cursor.fetchall())

    def write(
        self,
        keys: Sequence[dict[str, Any]],
        index_rows: Sequence[dict[str, Any]],
        events: Sequence[StoredEvent],
    ) -> None:
        now = datetime.now(UTC)
        # The relay reads the log by notification id: ids must commit in order.
        lock = f"LOCK TABLE {self._events.fullname} IN EXCLUSIVE MODE"
        notify_and_commit = [f"NOTIFY {self._channel}", "COMMIT"]
        try:
            if len(events) <= COPY_ABOVE:
                statements: list[str] = []
                values: list[Any] = []
                _insert(statements, values, person_keys, keys)
                index_rows = [{"enrolled_at": now, **r} for r in index_rows]
                _insert(statements, values, beneficiary_index, index_rows)
                statements.append(lock)
                _insert(statements, values, self._events, [_event_row(e) for e in events])
                self._run([*statements, *notify_and_commit], values)
            else:
                if not self._open:
                    self._run([], None)
                if keys:
                    copy_rows(self._connection, person_keys, keys)
                if index_rows:
                    columns = [*index_rows[0], "enrolled_at"]
                    registered = ([*r.values(), now] for r in index_rows)
                    copy_values(self._connection, beneficiary_index, columns, registered)
                self._run([lock], None)
                stored = ((e.originator_id, e.originator_version, e.topic, e.state) for e in events)
                copy_values(self._connection, self._events, EVENT_COLUMNS, stored)
                self._run(notify_and_commit, None)
        except psycopg.IntegrityError as e:
            raise IntegrityError(e) from e
        self._open = False

    def commit(self) -> None:
        if self._open:
            self._run(["COMMIT"], None)
            self._open = False

    def roll_back(self) -> None:
        if self._connection.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            # If the connection is broken, the server ends the transaction itself.
            with suppress(psycopg.Error):
                self._connection.execute("ROLLBACK")

    def _run(self, statements: list[str], values: Any) -> bool:
        """The statements as one message, after BEGIN when no transaction is open yet
        (then True: the cursor's first result is BEGIN's)."""
        began = not self._open
        if began:
            statements = ["BEGIN", *statements]
            self._open = True
        self._cursor.execute("; ".join(statements), values)
        return began


EVENT_COLUMNS = ("originator_id", "originator_version", "topic", "state")


def _event_row(event: StoredEvent) -> dict[str, Any]:
    return {c: getattr(event, c) for c in EVENT_COLUMNS}


def _insert(
    statements: list[str], values: list[Any], table: Table, rows: Sequence[dict[str, Any]]
) -> None:
    """One INSERT of all `rows` into `table`, its values appended to `values`."""
    if not rows:
        return
    columns = list(rows[0])
    one = f"({', '.join(['%s'] * len(columns))})"
    statements.append(
        f"INSERT INTO {table.fullname} ({', '.join(columns)}) VALUES {', '.join([one] * len(rows))}"
    )
    values.extend(row[c] for row in rows for c in columns)
