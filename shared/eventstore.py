"""Environment for an `eventsourcing` application on SQLAlchemy (SQLite or PostgreSQL).

eventsourcing-sqlalchemy lets the inbox rows and the new events share one transaction. What
goes beyond the library's public API lives in shared/eventsourcing_internals/; the names
services use from there are importable here too.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import InfrastructureFactory, Recording, Transcoder
from eventsourcing_sqlalchemy.datastore import SQLAlchemyDatastore
from eventsourcing_sqlalchemy.factory import SQLAlchemyFactory

from shared.eventsourcing_internals import (
    CoreApplicationRecorder,
    engine_of,
    read_notifications,
    save_collected,
)
from shared.transcoder import OrjsonTranscoder
from shared.transcodings import DateAsISO

__all__ = [
    "CoreApplicationRecorder",
    "DateAsISO",
    "EventStoreFactory",
    "OrjsonTranscoder",
    "PooledDatastore",
    "TaawunApplication",
    "engine_of",
    "eventstore_env",
    "read_notifications",
]


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
        """`Application.save`, faster for concrete aggregates (see `save_collected`)."""
        return save_collected(self, objs, kwargs)
