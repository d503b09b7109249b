"""`Envelopes` over grants' event store: SQLite or PostgreSQL in production, eventsourcing's
POPO store in unit tests (`in_memory_event_store`), the same code for all three."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from services.grants.application.ports import EnvelopeChangedMeanwhile
from services.grants.application.saved_together import NOTHING, Alongside
from services.grants.domain.envelope import Envelope
from services.grants.domain.envelope_movements import Movement, movements_of
from services.grants.persistence.event_store import GrantsEventStore
from services.grants.persistence.records import EventSourcedRecords


class EventSourcedEnvelopes:
    def __init__(self, store: GrantsEventStore) -> None:
        self._store = store
        self._records = EventSourcedRecords(store, Envelope, Envelope.Opened)

    def as_of(self, envelope_id: UUID, at: datetime) -> Envelope | None:
        return self._records.get(envelope_id, as_of=at)

    def all(self) -> list[Envelope]:
        return self._records.all()

    def get(self, envelope_id: UUID) -> Envelope | None:
        return self._store.envelope(envelope_id)

    def save(self, *envelopes: Envelope, together_with: Alongside = NOTHING) -> None:
        # The events table's key (originator id, version) refuses an event at a version
        # another writer took: the whole save fails, in one transaction, and nothing is stored.
        try:
            self._store.save(*envelopes, *together_with.events, index_also=together_with.records)
        except IntegrityError as e:
            raise EnvelopeChangedMeanwhile(str(e)) from e

    def movements(self, envelope_id: UUID, *, after: int, limit: int) -> list[Movement]:
        events = self._store.repository.event_store.get(envelope_id, gt=after, limit=limit)
        return movements_of(e for e in events if isinstance(e, Envelope.Event))
