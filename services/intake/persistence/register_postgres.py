"""The register transaction on PostgreSQL (see register.py): the lookup, a prepared statement;
then the writes and COMMIT as one message, values bound on this side (COPY for an import's
large batches)."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from datetime import UTC, datetime
from typing import Any

import psycopg
from eventsourcing.persistence import IntegrityError, StoredEvent
from sqlalchemy import Table

from services.intake.application.ports import Found
from services.intake.persistence.beneficiary_index import beneficiary_index
from services.intake.persistence.event_store import IntakeEventStore
from services.intake.persistence.register_lookup import (
    LOOKUP_ON_POSTGRES,
    held_and_alike,
    postgres_parameters,
)
from services.intake.persistence.vault import person_keys
from shared.bulk import copy_rows, copy_values
from shared.eventsourcing_internals import events_table, lock_statement, notify_statement

# Above this many events COPY beats INSERT statements (an import's batches are far above).
COPY_ABOVE = 500


class ScriptedRegister:
    """On a connection in autocommit mode: BEGIN and COMMIT travel with the statements."""

    def __init__(self, app: IntakeEventStore, connection: psycopg.Connection[Any]) -> None:
        self._events = events_table(app.recorder)
        # The relay reads the log by notification id: ids must commit in order.
        self._lock = lock_statement(app.recorder)
        self._notify = notify_statement(app.recorder)
        self._connection = connection
        self._cursor = psycopg.ClientCursor(connection)
        self._open = False

    def lookup(self, identities: Sequence[str], likenesses: Sequence[str], limit: int) -> Found:
        # Outside the write's transaction, and no loss: under READ COMMITTED each statement
        # sees what was committed when it started, in a transaction or not, and the unique
        # identity hash still refuses a person enrolled since. Prepared by psycopg, once per
        # connection (for an import's thousand hashes planning cost as much as running it);
        # psycopg prepares it again when a rollback has deallocated its statements.
        with self._connection.cursor() as cursor:
            parameters = postgres_parameters(identities, likenesses, limit)
            cursor.execute(LOOKUP_ON_POSTGRES, parameters, prepare=True)
            return held_and_alike(cursor.fetchall())

    def write(
        self,
        keys: Sequence[dict[str, Any]],
        index_rows: Sequence[dict[str, Any]],
        events: Sequence[StoredEvent],
    ) -> None:
        now = datetime.now(UTC)
        try:
            if len(events) <= COPY_ABOVE:
                registered = [{"enrolled_at": now, **r} for r in index_rows]
                self._insert_and_commit(keys, registered, events)
            else:
                self._copy_and_commit(keys, index_rows, now, events)
        except psycopg.IntegrityError as e:
            raise IntegrityError(e) from e
        self._open = False

    def _insert_and_commit(
        self,
        keys: Sequence[dict[str, Any]],
        index_rows: Sequence[dict[str, Any]],
        events: Sequence[StoredEvent],
    ) -> None:
        statements: list[str] = []
        values: list[Any] = []
        _insert(statements, values, person_keys, keys)
        _insert(statements, values, beneficiary_index, index_rows)
        statements.append(self._lock)
        _insert(statements, values, self._events, [_event_row(e) for e in events])
        self._run([*statements, self._notify, "COMMIT"], values)

    def _copy_and_commit(
        self,
        keys: Sequence[dict[str, Any]],
        index_rows: Sequence[dict[str, Any]],
        now: datetime,
        events: Sequence[StoredEvent],
    ) -> None:
        if not self._open:
            self._run([], None)
        if keys:
            copy_rows(self._connection, person_keys, keys)
        if index_rows:
            columns = [*index_rows[0], "enrolled_at"]
            registered = ([*r.values(), now] for r in index_rows)
            copy_values(self._connection, beneficiary_index, columns, registered)
        self._run([self._lock], None)
        stored = ((e.originator_id, e.originator_version, e.topic, e.state) for e in events)
        copy_values(self._connection, self._events, EVENT_COLUMNS, stored)
        self._run([self._notify, "COMMIT"], None)

    def commit(self) -> None:
        if self._open:
            self._run(["COMMIT"], None)
            self._open = False

    def roll_back(self) -> None:
        if self._connection.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            # If the connection is broken, the server ends the transaction itself.
            with suppress(psycopg.Error):
                self._connection.execute("ROLLBACK")

    def _run(self, statements: list[str], values: Any) -> None:
        """The statements as one message, after BEGIN when no transaction is open yet."""
        if not self._open:
            statements = ["BEGIN", *statements]
            self._open = True
        self._cursor.execute("; ".join(statements), values)


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
