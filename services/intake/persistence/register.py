"""One transaction on the register for a batch of people: look up who is already held and
who is alike (register_lookup.py), then write the new records (their keys, register rows
and events). Single enrolments (group commit) and imports both come through here.

On PostgreSQL a batch is two messages to the server: the lookup (a prepared statement), then
"BEGIN; <inserts>; LOCK; <events>; NOTIFY; COMMIT", values bound on this side by psycopg.
Each message is a write to the socket made while holding the GIL, and on a busy machine the
server, woken by it, can take the core from the thread holding the GIL: a batch of single
enrolments sent about ten of them through SQLAlchemy and psycopg pipelines, and the
process's HTTP handlers waited on every one. Large batches (an import's) are written with
COPY instead (register_postgres.py). Elsewhere (SQLite, the demo) an SQLAlchemy session
does it all.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import psycopg
from eventsourcing.persistence import StoredEvent
from sqlalchemy.orm import Session

from services.intake.application.ports import Found, Register
from services.intake.persistence.beneficiary_index import BeneficiaryIndex
from services.intake.persistence.event_store import IntakeEventStore
from services.intake.persistence.register_lookup import lookup
from services.intake.persistence.register_postgres import ScriptedRegister
from services.intake.persistence.vault import person_keys
from shared.bulk import insert_rows
from shared.eventsourcing_internals import insert_events_in, transaction_of
from shared.eventstore import engine_of


class SqlRegisters:
    """The `Registers` port on the event store's own database."""

    def __init__(self, store: IntakeEventStore, index: BeneficiaryIndex) -> None:
        self._store = store
        self._index = index

    def transaction(self) -> AbstractContextManager[Register]:
        return register_transaction(self._store, self._index)


@contextmanager
def register_transaction(app: IntakeEventStore, index: BeneficiaryIndex) -> Iterator[Register]:
    """A transaction on `app`'s register, committed when the block ends without error."""
    engine = engine_of(app)
    if engine.dialect.name != "postgresql":
        with transaction_of(app) as session:
            yield _SessionRegister(app, index, session)
        return
    pooled = engine.raw_connection()
    connection = pooled.driver_connection
    assert isinstance(connection, psycopg.Connection)
    connection.autocommit = True  # BEGIN and COMMIT travel with the statements
    register = ScriptedRegister(app, connection)
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
    def __init__(self, app: IntakeEventStore, index: BeneficiaryIndex, session: Session) -> None:
        self._app, self._index, self._session = app, index, session

    def lookup(self, identities: Sequence[str], likenesses: Sequence[str], limit: int) -> Found:
        return lookup(self._session, identities, likenesses, limit)

    def write(
        self,
        keys: Sequence[dict[str, Any]],
        index_rows: Sequence[dict[str, Any]],
        events: Sequence[StoredEvent],
    ) -> None:
        insert_rows(self._session, person_keys, keys)
        self._index.add(self._session, index_rows)
        insert_events_in(self._app, self._session, events)
