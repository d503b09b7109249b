"""The idempotent inbox: a row per applied message, written in the same transaction as its effect.

The key is the message's origin service and its position in that service's log, so a message
re-sent by a relay after a crash (same origin and position, new Kafka offset) is still recognised.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Uuid,
    exists,
    select,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from shared.contracts import DecodedEvent
from shared.messaging.records import Record

metadata = MetaData()

inbox_messages = Table(
    "inbox_messages",
    metadata,
    Column("consumer", String(32), primary_key=True),
    Column("origin", String(32), primary_key=True),
    Column("position", BigInteger, primary_key=True),
    Column("event_id", Uuid, nullable=False),
    Column("event_type", String(100), nullable=False),
    Column("topic", String(200), nullable=False),
    Column("partition", Integer, nullable=False),
    Column("offset", BigInteger, nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

Effect = Callable[[DecodedEvent, Session], None]
OpenTransaction = Callable[[], AbstractContextManager[Session]]


class Inbox:
    def __init__(self, consumer: str, engine: Engine, transaction: OpenTransaction) -> None:
        self.consumer = consumer
        self._transaction = transaction
        metadata.create_all(engine, checkfirst=True)

    def has_applied(self, session: Session, origin: str, position: int) -> bool:
        query = select(
            exists().where(
                inbox_messages.c.consumer == self.consumer,
                inbox_messages.c.origin == origin,
                inbox_messages.c.position == position,
            )
        )
        return bool(session.execute(query).scalar())

    def apply_once(self, event: DecodedEvent, record: Record, effect: Effect) -> bool:
        """Apply the effect and record the message, both or neither. False if already applied."""
        envelope = event.envelope
        with self._transaction() as session:
            if self.has_applied(session, envelope.origin, envelope.position):
                return False
            effect(event, session)
            session.execute(
                inbox_messages.insert().values(
                    consumer=self.consumer,
                    origin=envelope.origin,
                    position=envelope.position,
                    event_id=envelope.event_id,
                    event_type=envelope.type,
                    topic=record.topic,
                    partition=record.partition,
                    offset=record.offset,
                    applied_at=datetime.now(UTC),
                )
            )
        return True

    def was_applied(self, origin: str, position: int) -> bool:
        with self._transaction() as session:
            return self.has_applied(session, origin, position)
