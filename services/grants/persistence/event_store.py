"""Grants' event store and the adapters of `Reviews` and `UnitOfWork` over it.

The same code serves SQLite and PostgreSQL (eventsourcing-sqlalchemy) and, for tests,
eventsourcing's in-memory POPO store (`PERSISTENCE_MODULE=eventsourcing.popo`).
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AbstractContextManager
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import JSONTranscoder, Recording
from eventsourcing_sqlalchemy.recorders import SQLAlchemyApplicationRecorder
from sqlalchemy.orm import Session

from services.grants.domain.eligibility_review import EligibilityReview
from services.grants.persistence.record_index_memory import InMemoryRecordIndexes
from services.grants.persistence.record_index_sql import SqlRecordIndexes
from shared.eventsourcing_internals import transaction_of
from shared.eventstore import TaawunApplication, eventstore_env
from shared.transcodings import MoneyAsCentimes


class GrantsEventStore(TaawunApplication):
    name = "grants"  # the events table is `grants_events`

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        super().__init__(env=env)
        self.indexes = record_indexes_for(self)

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        """Every save stores the saved records' index rows in its transaction too."""
        with self.indexes.transaction():
            recordings = super().save(*objs, **kwargs)
            self.indexes.keep(objs, recordings)
        return recordings

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


class EventSourcedReviews:
    """`Reviews` as aggregates in the event store."""

    def __init__(self, store: GrantsEventStore) -> None:
        self._store = store

    def add(self, review: EligibilityReview) -> None:
        self._store.save(review)

    def get(self, review_id: UUID) -> EligibilityReview | None:
        try:
            found: object = self._store.repository.get(review_id)
        except AggregateNotFoundError:
            return None
        assert isinstance(found, EligibilityReview)
        return found


class EventStoreUnitOfWork:
    """The event store's own transaction: eventsourcing-sqlalchemy keeps the open one in a
    context variable, and `save` joins it instead of committing on its own."""

    def __init__(self, store: GrantsEventStore) -> None:
        self._store = store

    def transaction(self) -> AbstractContextManager[Session]:
        return transaction_of(self._store)
