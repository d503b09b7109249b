"""Intake's event store: one eventsourcing application named intake (tables `intake_*`),
with the two reads every record offers: its full history, and its state as of a moment.

The same code serves SQLite and PostgreSQL (eventsourcing-sqlalchemy, `eventstore_env`) and,
for unit tests, eventsourcing's in-memory POPO store (`PERSISTENCE_MODULE=eventsourcing.popo`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import JSONTranscoder

from services.intake.application.records import HistoryEntry, NotYetRecorded
from shared.eventsourcing_internals.loading import load_many
from shared.eventstore import DateAsISO, TaawunApplication


class IntakeEventStore(TaawunApplication):
    name = "intake"  # eventsourcing names each subclass after itself unless told

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    def history(self, aggregate_id: UUID) -> list[HistoryEntry]:
        """Every event of one record: what, when, who, why. Raises if there is no such record."""
        entries = [
            HistoryEntry(
                version=e.originator_version,
                what=type(e).__name__,
                when=e.timestamp,  # type: ignore[attr-defined]
                who=getattr(e, "actor", None),
                why=getattr(e, "reason", None),
            )
            for e in self.repository.event_store.get(aggregate_id)
        ]
        if not entries:
            raise AggregateNotFoundError(aggregate_id)
        return entries

    def get_many(self, aggregate_ids: Sequence[UUID]) -> dict[UUID, Any]:
        # One query for a batch of SMS claims' people and households instead of one each.
        return load_many(self, aggregate_ids)

    def as_of(self, aggregate_id: UUID, when: datetime) -> Any:
        """The record as it stood at `when` (events recorded after it are left out)."""
        versions = [e.version for e in self.history(aggregate_id) if e.when <= when]
        if not versions:
            raise NotYetRecorded(aggregate_id)
        found: Aggregate = self.repository.get(aggregate_id, version=max(versions))
        return found


def in_memory_event_store() -> IntakeEventStore:
    return IntakeEventStore(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
