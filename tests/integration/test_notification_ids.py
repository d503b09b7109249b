"""Notification ids from `CoreApplicationRecorder` for batches of every size (INSERT ...
RETURNING below `SMALL_BATCH`, COPY above it on PostgreSQL), on logs with gaps, as
`Application.save`'s recordings carry them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import IntegrityError, StoredEvent
from sqlalchemy import insert, text
from sqlalchemy.orm import Session

from shared.bulk import SMALL_BATCH, insert_numbered_rows
from shared.eventsourcing_internals import events_table, lock_statement
from shared.eventstore import TaawunApplication, engine_of, eventstore_env
from tests.infra import postgres_database, require_infra


class Tally(Aggregate):
    @event("Counted")
    def count(self) -> None:
        pass


class Tallies(TaawunApplication):
    name = "tallies"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/tallies.sqlite"
    else:
        require_infra()
        with postgres_database("tallies") as url:
            yield url


@pytest.mark.parametrize("events", [1, SMALL_BATCH - 1, SMALL_BATCH, 1_000])
def test_save_gives_every_event_its_position_in_the_log(database_url: str, events: int) -> None:
    app = Tallies(env=eventstore_env(database_url))
    try:
        tallies = [Tally() for _ in range(events)]
        first = app.save(*tallies)
        for tally in tallies:
            tally.count()
        second = app.save(*tallies)
        logged = app.recorder.select_notifications(start=None, limit=3 * events)
        positions = {(n.originator_id, n.originator_version): n.id for n in logged}
        for recording in [*first, *second]:
            e = recording.domain_event
            assert recording.notification.id == positions[(e.originator_id, e.originator_version)]
        assert [r.notification.id for r in second][-1] == app.recorder.max_notification_id()
    finally:
        app.close()


def test_a_batch_after_a_rolled_back_one_gets_the_ids_it_was_given(database_url: str) -> None:
    """A refused batch still took ids from the sequence: the log has a gap before the next."""
    app = Tallies(env=eventstore_env(database_url))
    try:
        recorder = app.recorder
        taken = StoredEvent(uuid4(), 1, "t", b"{}")
        recorder.insert_events([taken])
        clash = [StoredEvent(uuid4(), 1, "t", b"{}") for _ in range(2 * SMALL_BATCH)]
        with pytest.raises(IntegrityError):
            recorder.insert_events([*clash, taken])
        batch = [StoredEvent(uuid4(), 1, "t", b"{}") for _ in range(2 * SMALL_BATCH)]
        ids = recorder.insert_events(batch)
        logged = recorder.select_notifications(start=2, limit=len(batch) + 1)
        assert ids == [n.id for n in logged] and [n.originator_id for n in logged] == [
            e.originator_id for e in batch
        ]
    finally:
        app.close()


def test_ids_interleaved_by_per_session_sequence_caches_are_read_back() -> None:
    """With a sequence that caches ids per session, a COPY's ids are not one range."""
    require_infra()
    with postgres_database("tallies") as url:
        app = Tallies(env=eventstore_env(url))
        try:
            table = events_table(app.recorder)
            engine = engine_of(app)
            with engine.begin() as conn:
                conn.exec_driver_sql(f"ALTER SEQUENCE {table.fullname}_id_seq CACHE 10")
            one, other = engine.connect(), engine.connect()
            before = [_row(), _row()]
            for conn, row in zip((one, other), before, strict=True):
                conn.execute(insert(table), [row])  # takes a block of ten ids, uses one
                conn.commit()
            with Session(bind=one) as session:
                session.execute(text(lock_statement(app.recorder)))
                rows = [_row() for _ in range(2 * SMALL_BATCH)]
                ids = insert_numbered_rows(
                    session, table, rows, ("originator_id", "originator_version")
                )
                session.commit()
            one.close()
            other.close()
            earlier = {r["originator_id"] for r in before}
            logged = [
                n
                for n in app.recorder.select_notifications(start=None, limit=100)
                if n.originator_id not in earlier
            ]
            assert ids == [n.id for n in logged] and ids != list(range(ids[0], ids[-1] + 1))
            assert [n.originator_id for n in logged] == [r["originator_id"] for r in rows]
        finally:
            app.close()


def _row() -> dict[str, Any]:
    originator: UUID = uuid4()
    return {"originator_id": originator, "originator_version": 1, "topic": "t", "state": b"{}"}
