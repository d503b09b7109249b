"""Grants' event store and the adapter of `UnitOfWork` over it.

The same code serves SQLite and PostgreSQL (eventsourcing-sqlalchemy) and, for tests,
eventsourcing's in-memory POPO store (`PERSISTENCE_MODULE=eventsourcing.popo`).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from functools import cached_property
from uuid import UUID

from eventsourcing.application import Repository
from eventsourcing.persistence import JSONTranscoder
from sqlalchemy.orm import Session

from shared.eventsourcing_internals import transaction_of
from shared.eventstore import TaawunApplication, eventstore_env
from shared.transcodings import MoneyAsCentimes

ENVELOPES_CACHED = 256


class GrantsEventStore(TaawunApplication):
    name = "grants"  # the events table is `grants_events`

    @cached_property
    def envelopes(self) -> Repository[UUID]:
        """Envelopes read through a cache fast-forwarded by the events stored since (and
        copied out, so a refused command cannot spoil it). A mass programme's envelope holds
        tens of thousands of holds: replaying them all on every statement and approval was
        most of reconciliation's time (bench/disbursements.py)."""
        return Repository(
            self.repository.event_store, cache_maxsize=ENVELOPES_CACHED, fastforward=True
        )

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
