"""Other records saved in an envelope's transaction (an approval beside its holds)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from eventsourcing.domain import Aggregate, CanMutateAggregate


@dataclass(frozen=True)
class Alongside:
    """The records and their new events, collected once: a save that lost a race on the
    envelope is tried again with the same events (a record's pending events go with the first
    try), and the records as they now stand give their index rows."""

    records: tuple[Aggregate, ...] = ()
    events: tuple[CanMutateAggregate[UUID], ...] = ()

    @classmethod
    def collected(cls, *records: Aggregate) -> Alongside:
        return cls(records, tuple(e for record in records for e in record.collect_events()))


NOTHING = Alongside()
