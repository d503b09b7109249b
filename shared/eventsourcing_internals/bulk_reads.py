"""Many aggregates' events in one query, where the library reads one aggregate per query."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import StoredEvent
from eventsourcing_sqlalchemy.recorders import SQLAlchemyRecorder
from sqlalchemy import select

from shared.eventsourcing_internals.recorder import engine_of, events_table

CHUNK = 1000  # ids per query: well under SQLite's and PostgreSQL's parameter limits


def aggregates_of(app: Application[UUID], ids: Iterable[UUID]) -> dict[UUID, Aggregate]:
    """The aggregates with these ids (those that exist), each rebuilt from its events. One
    query per `CHUNK` ids on SQLAlchemy stores; the library's way, one by one, elsewhere."""
    wanted = list(dict.fromkeys(ids))
    if not isinstance(app.recorder, SQLAlchemyRecorder):
        return _one_by_one(app, wanted)
    found: dict[UUID, Aggregate] = {}
    table = events_table(app.recorder)
    with engine_of(app).connect() as conn:
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            query = (
                select(table.c.originator_id, table.c.originator_version, table.c.topic,
                       table.c.state)
                .where(table.c.originator_id.in_(chunk))
                .order_by(table.c.originator_id, table.c.originator_version)
            )  # fmt: skip
            events: dict[UUID, list[Any]] = defaultdict(list)
            for row in conn.execute(query):
                stored = StoredEvent(
                    originator_id=row.originator_id,
                    originator_version=row.originator_version,
                    topic=row.topic,
                    state=row.state,
                )
                events[UUID(str(row.originator_id))].append(app.mapper.to_domain_event(stored))
            for aggregate_id, domain_events in events.items():
                aggregate: Any = None
                for domain_event in domain_events:
                    aggregate = domain_event.mutate(aggregate)
                if isinstance(aggregate, Aggregate):
                    found[aggregate_id] = aggregate
    return found


def _one_by_one(app: Application[UUID], ids: list[UUID]) -> dict[UUID, Aggregate]:
    found: dict[UUID, Aggregate] = {}
    for aggregate_id in ids:
        if app.recorder.select_events(aggregate_id, limit=1):
            aggregate: Aggregate = app.repository.get(aggregate_id)
            found[aggregate_id] = aggregate
    return found
