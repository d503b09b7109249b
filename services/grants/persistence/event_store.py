"""Grants' event store and the adapter of `UnitOfWork` over it.

The same code serves SQLite and PostgreSQL (eventsourcing-sqlalchemy) and, for tests,
eventsourcing's in-memory POPO store (`PERSISTENCE_MODULE=eventsourcing.popo`).
"""

from __future__ import annotations

from contextlib import AbstractContextManager

from eventsourcing.persistence import JSONTranscoder
from sqlalchemy.orm import Session

from shared.eventsourcing_internals import transaction_of
from shared.eventstore import TaawunApplication, eventstore_env
from shared.transcodings import MoneyAsCentimes


class GrantsEventStore(TaawunApplication):
    name = "grants"  # the events table is `grants_events`

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(MoneyAsCentimes())


def grants_event_store(database_url: str) -> GrantsEventStore:
    return GrantsEventStore(env=eventstore_env(database_url))


def in_memory_event_store() -> GrantsEventStore:
    return GrantsEventStore(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


class EventStoreUnitOfWork:
    """The event store's own transaction: eventsourcing-sqlalchemy keeps the open one in a
    context variable, and `save` joins it instead of committing on its own."""

    def __init__(self, store: GrantsEventStore) -> None:
        self._store = store

    def transaction(self) -> AbstractContextManager[Session]:
        return transaction_of(self._store)
