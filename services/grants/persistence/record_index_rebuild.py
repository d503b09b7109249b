"""(Re)building grants' record indexes from the event store: for a database whose events
predate the indexes (grants builds them itself the first time it creates their tables), or
to check them. Safe beside live writers: a row is only replaced by a newer one.

    .venv/bin/taawun reindex grants    (TAAWUN_DATABASE_URL names the database)
"""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic

from services.grants.persistence.event_store import GrantsEventStore
from services.grants.persistence.record_index_rows import FIRST_EVENTS
from shared.eventsourcing_internals import load_many

PAGE = 500


def rebuild_record_indexes(store: GrantsEventStore, *, page_size: int = PAGE) -> int:
    """Write the index row of every decision, payment list, order and statement exception
    as its events have it now; how many records were indexed."""
    topics = [get_topic(kind) for kind in FIRST_EVENTS]
    start: int | None = None
    indexed = 0
    while True:
        page = store.recorder.select_notifications(
            start, page_size, topics=topics, inclusive_of_start=start is None
        )
        positions = {UUID(str(n.originator_id)): n.id for n in page}
        loaded = load_many(store, list(positions))
        found: list[tuple[Aggregate, int]] = [(loaded[i], p) for i, p in positions.items()]
        store.indexes.rebuild(found)
        indexed += len(found)
        if len(page) < page_size:
            return indexed
        start = page[-1].id
