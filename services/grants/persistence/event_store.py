"""Grants' event store and the adapter of `UnitOfWork` over it.

The same code serves SQLite and PostgreSQL (eventsourcing-sqlalchemy) and, for tests,
eventsourcing's in-memory POPO store (`PERSISTENCE_MODULE=eventsourcing.popo`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from copy import deepcopy
from functools import cached_property
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Repository
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import JSONTranscoder, Recording
from eventsourcing_sqlalchemy.recorders import SQLAlchemyApplicationRecorder
from sqlalchemy.orm import Session

from services.grants.domain.envelope import Envelope
from services.grants.persistence.record_index_memory import InMemoryRecordIndexes
from services.grants.persistence.record_index_sql import SqlRecordIndexes
from shared.eventsourcing_internals import in_transaction, projected_onto, transaction_of
from shared.eventstore import TaawunApplication, eventstore_env
from shared.transcodings import MoneyAsCentimes

ENVELOPES_CACHED = 256


class GrantsEventStore(TaawunApplication):
    name = "grants"  # the events table is `grants_events`

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        super().__init__(env=env)
        self.indexes = record_indexes_for(self)

    def save(
        self, *objs: Any, index_also: Sequence[Aggregate] = (), **kwargs: Any
    ) -> list[Recording[UUID]]:
        """Every save stores the saved records' index rows in its transaction too.
        `index_also`: records whose new events come among `objs` as events (collected ahead,
        so that a retried save stores them again), indexed as they now stand."""
        committing = not in_transaction()
        with self.indexes.transaction():
            recordings = super().save(*objs, **kwargs)
            self.indexes.keep((*objs, *index_also), recordings)
        if committing:
            self._cache_saved(objs)
        return recordings

    def envelope(self, envelope_id: UUID) -> Envelope | None:
        """The envelope as it stands now (through `envelopes`), or None: no such envelope
        (another aggregate's id is no envelope: ids are uuid5 of different names)."""
        try:
            found: object = self.envelopes.get(envelope_id, projector_func=projected_onto)
        except AggregateNotFoundError:
            return None
        return found if isinstance(found, Envelope) else None

    def _cache_saved(self, objs: Sequence[Any]) -> None:
        """The envelopes just committed, into the cache as saved (a copy: the caller keeps
        its own). Otherwise the next read fast-forwarded the cached one through the events
        it had itself just stored: a statement's thousands of posts, a list's thousands of
        holds, replayed on the next statement or approval, about a third of reconciliation's
        time (docs/benchmarks.md). A save inside a wider transaction waits for nothing here:
        it is left to the fast-forward, as the transaction may still roll back."""
        saved = [o for o in objs if isinstance(o, Envelope)]
        if saved:
            cache = self.envelopes.cache
            assert cache is not None
            for envelope in saved:
                cache.put(envelope.id, deepcopy(envelope))

    @cached_property
    def envelopes(self) -> Repository[UUID]:
        """Envelopes read through a cache fast-forwarded by the events stored since (and
        copied out, so a refused command cannot spoil it). A mass programme's envelope holds
        tens of thousands of holds: replaying them all on every statement and approval was
        most of reconciliation's time (bench/disbursements.py). Each save puts the envelopes
        it committed in it (`_cache_saved`)."""
        return Repository(
            self.repository.event_store, cache_maxsize=ENVELOPES_CACHED, fastforward=True
        )

    def forget_uncommitted(self) -> None:
        """After a rolled-back transaction: an envelope read inside it, after a write to it in
        the same transaction, was cached at a version that was never committed, and a cached
        envelope is only fast-forwarded past its version. Read them afresh."""
        self.__dict__.pop("envelopes", None)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(MoneyAsCentimes())


def record_indexes_for(store: TaawunApplication) -> SqlRecordIndexes | InMemoryRecordIndexes:
    if isinstance(store.recorder, SQLAlchemyApplicationRecorder):
        return SqlRecordIndexes(store)
    return InMemoryRecordIndexes()


def grants_event_store(database_url: str) -> GrantsEventStore:
    return GrantsEventStore(env=eventstore_env(database_url))


def in_memory_event_store() -> GrantsEventStore:
    return GrantsEventStore(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


class EventStoreUnitOfWork:
    """The event store's own transaction: eventsourcing-sqlalchemy keeps the open one in a
    context variable, and `save` joins it instead of committing on its own."""

    def __init__(self, store: GrantsEventStore) -> None:
        self._store = store

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        try:
            with transaction_of(self._store) as session:
                yield session
        except BaseException:
            self._store.forget_uncommitted()
            raise
