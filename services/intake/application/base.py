"""What every intake use-case module builds on: one eventsourcing application, named intake,
with the two reads every record offers: its full history, and its state as of a moment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import JSONTranscoder

from shared.eventstore import DateAsISO, TaawunApplication


class NotYetRecorded(AggregateNotFoundError):
    """The record did not exist yet at the moment asked about."""


@dataclass(frozen=True)
class HistoryEntry:
    version: int
    what: str
    when: datetime
    who: str | None
    why: str | None


class IntakeBase(TaawunApplication):
    name = "intake"

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

    def as_of(self, aggregate_id: UUID, when: datetime) -> Any:
        """The record as it stood at `when` (events recorded after it are left out)."""
        versions = [e.version for e in self.history(aggregate_id) if e.when <= when]
        if not versions:
            raise NotYetRecorded(aggregate_id)
        found: Aggregate = self.repository.get(aggregate_id, version=max(versions))
        return found
