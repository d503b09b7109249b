"""Environment for an `eventsourcing` application on SQLAlchemy (SQLite or PostgreSQL).

eventsourcing-sqlalchemy lets the inbox rows and the new events share one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.application import Application, ProcessingEvent
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import (
    InfrastructureFactory,
    Notification,
    Recording,
    StoredEvent,
    Transcoder,
)
from eventsourcing_sqlalchemy.datastore import SQLAlchemyDatastore
from eventsourcing_sqlalchemy.factory import SQLAlchemyFactory
from eventsourcing_sqlalchemy.recorders import SQLAlchemyApplicationRecorder
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from shared.bulk import insert_rows
from shared.transcoder import DateAsISO as DateAsISO  # where services import it from
from shared.transcoder import OrjsonTranscoder


class CoreApplicationRecorder(SQLAlchemyApplicationRecorder):
    """Inserts a batch of stored events with COPY on PostgreSQL (one Core INSERT elsewhere)
    instead of an ORM object per event: several times faster, under the same table lock.

    It returns no notification ids: eventsourcing treats them as optional (they only feed the
    in-process `System` runners, which we don't use; the relay reads the table itself).
    """

    def _insert_stored_events(
        self, session: Session, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int]:
        if not stored_events:
            return []
        self._lock_table(session)
        table = self.events_record_cls.__table__
        rows = [
            {
                "originator_id": e.originator_id,
                "originator_version": e.originator_version,
                "topic": e.topic,
                "state": e.state,
            }
            for e in stored_events
        ]
        insert_rows(session, table, rows)
        self._notify_channel(session)
        return []


class PooledDatastore(SQLAlchemyDatastore):
    """SQLAlchemy's default pool keeps 5 connections and closes overflow ones after each use:
    under concurrent requests a service spent most of its time reconnecting to PostgreSQL."""

    POOL_SIZE = 20

    def __init__(self, **kwargs: Any) -> None:
        if str(kwargs.get("url") or "").startswith("postgresql"):
            kwargs.setdefault("pool_size", self.POOL_SIZE)
            kwargs.setdefault("max_overflow", self.POOL_SIZE)
            # No ping before each checkout: it was a round trip per transaction. A connection
            # found dead fails one statement, and SQLAlchemy then discards the whole pool.
            kwargs.setdefault("pool_recycle", 1800)
        super().__init__(**kwargs)


class EventStoreFactory(SQLAlchemyFactory):
    datastore_class = PooledDatastore
    application_recorder_class = CoreApplicationRecorder


def eventstore_env(url: str, cipher_key: str | None = None) -> dict[str, str]:
    env = {"PERSISTENCE_MODULE": "shared.eventstore:EventStoreFactory", "SQLALCHEMY_URL": url}
    if cipher_key:
        env |= {"CIPHER_TOPIC": "eventsourcing.cryptography:AESCipher", "CIPHER_KEY": cipher_key}
    return env


def engine_of(app: Application[Any]) -> Engine:
    engine = app.recorder.datastore.engine  # type: ignore[attr-defined]
    assert isinstance(engine, Engine)
    return engine


def read_notifications(app: Application[Any], after: int, limit: int) -> list[Notification]:
    """The next `limit` notifications after position `after`, read with one Core query.

    The recorder's own `select_notifications` builds an ORM object per row, which made it the
    relay's bottleneck (about 15k rows/s against about 60k/s this way).
    """
    table = app.recorder.events_record_cls.__table__  # type: ignore[attr-defined]
    query = (
        select(
            table.c.id,
            table.c.originator_id,
            table.c.originator_version,
            table.c.topic,
            table.c.state,
        )
        .where(table.c.id > after)
        .order_by(table.c.id)
        .limit(limit)
    )
    with engine_of(app).connect() as conn:
        return [
            Notification(
                id=row.id,
                originator_id=row.originator_id,
                originator_version=row.originator_version,
                topic=row.topic,
                state=row.state,
            )
            for row in conn.execute(query)
        ]


class TaawunApplication(Application[UUID]):
    """The base of every service's event-sourced application."""

    def construct_transcoder(self) -> Transcoder:
        """`OrjsonTranscoder` (the stored format of `JSONTranscoder`, faster), with the
        transcodings `register_transcodings` names, unless TRANSCODER_TOPIC picks another."""
        if self.factory.env.get(InfrastructureFactory.TRANSCODER_TOPIC):
            return super().construct_transcoder()
        transcoder = OrjsonTranscoder()
        self.register_transcodings(transcoder)
        return transcoder

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        """`Application.save`, minus two runtime-Protocol `isinstance` checks per aggregate
        (about 70 µs each on Python 3.11: most of a bulk import's time in `save`). Concrete
        aggregates are collected directly; anything else goes the library's way."""
        processing_event: ProcessingEvent[UUID] = ProcessingEvent()
        for obj in objs:
            if isinstance(obj, Aggregate):
                processing_event.events.extend(obj.collect_events())
                processing_event.aggregates[obj.id] = obj
            elif obj is not None:
                processing_event.collect_events(obj)
        processing_event.saved_kwargs.update(kwargs)
        recordings = self._record(processing_event)
        self._take_snapshots(processing_event)
        self._notify(recordings)
        return recordings
