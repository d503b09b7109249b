"""`Records` and `Saves` over grants' event store, for any kind of grants aggregate.

`all` reads the ids of one kind from the notification log (the topic of its first event),
then loads each: linear in the records of that kind, for the few programmes and
applications. Decisions, payment lists and orders are listed through their indexes
(record_index_sql.py) and loaded a page at a time with `get_many`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Generic, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import get_topic

from services.grants.application.ports import HistoryEntry, RecordChangedMeanwhile
from services.grants.persistence.event_store import GrantsEventStore
from shared.eventsourcing_internals import load_many

A = TypeVar("A", bound=Aggregate)
_PAGE = 1000


class EventSourcedRecords(Generic[A]):
    def __init__(self, store: GrantsEventStore, kind: type[A], first: type[Aggregate.Event]):
        self._store = store
        self._kind = kind
        self._first_topic = get_topic(first)

    def get(self, record_id: UUID, *, as_of: datetime | None = None) -> A | None:
        version: int | None = None
        if as_of is not None:
            versions = [e.version for e in self.history(record_id) if e.when <= as_of]
            if not versions:
                return None
            version = max(versions)
        try:
            found: object = self._store.repository.get(record_id, version=version)
        except AggregateNotFoundError:
            return None
        # Another kind's id is not one of these (ids are uuid5 of different names).
        return found if isinstance(found, self._kind) else None

    def get_many(self, record_ids: list[UUID]) -> list[A]:
        found = load_many(self._store, record_ids)
        return [r for r in (found.get(i) for i in record_ids) if isinstance(r, self._kind)]

    def all(self) -> list[A]:
        found: list[A] = []
        recorder = self._store.recorder
        start: int | None = None
        while True:
            page = recorder.select_notifications(
                start, _PAGE, topics=[self._first_topic], inclusive_of_start=start is None
            )
            for notification in page:
                record = self.get(UUID(str(notification.originator_id)))
                if record is not None:
                    found.append(record)
            if len(page) < _PAGE:
                return found
            start = page[-1].id

    def history(self, record_id: UUID) -> list[HistoryEntry]:
        return [
            HistoryEntry(
                version=e.originator_version,
                what=type(e).__name__,
                when=e.timestamp,  # type: ignore[attr-defined]
                who=getattr(e, "actor", None),
                why=getattr(e, "reason", None),
            )
            for e in self._store.repository.event_store.get(record_id)
        ]


class EventStoreSaves:
    def __init__(self, store: GrantsEventStore) -> None:
        self._store = store

    def save(self, *records: Aggregate) -> None:
        try:
            self._store.save(*records)
        except IntegrityError as e:
            raise RecordChangedMeanwhile(str(e)) from e
