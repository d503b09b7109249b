"""The idempotent inbox: a row per applied message, written in the same transaction as its effect,
and a row per dead-lettered message, so a redelivered batch never dead-letters one twice.

An applied message is keyed by its origin service and its position in that service's log, so a
message re-sent by a relay after a crash (same origin and position, new Kafka offset) is still
recognised. A dead-lettered one is keyed by where it was read (topic, partition, offset) with a
digest of its bytes, since it may have no origin at all; and, when it has one, by its origin and
position too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

from eventsourcing.persistence import IntegrityError as StoreIntegrityError
from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Uuid,
    delete,
    exists,
    or_,
    select,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from shared.contracts import DecodedEvent, Envelope
from shared.messaging.deliveries import Delivery, Effect, Outcome, RunEffect, apply_in_runs
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

dead_lettered_messages = Table(
    "dead_lettered_messages",
    metadata,
    Column("consumer", String(32), primary_key=True),
    Column("topic", String(200), primary_key=True),
    Column("partition", Integer, primary_key=True),
    Column("offset", BigInteger, primary_key=True),
    # An in-process bus starts its offsets again at 0: the same place may hold another message.
    Column("digest", String(64), nullable=False),
    Column("origin", String(32), nullable=True),
    Column("position", BigInteger, nullable=True),
    Column("reason", String(1000), nullable=False),
    Column("dead_lettered_at", DateTime(timezone=True), nullable=False),
    Index("dead_lettered_by_origin", "consumer", "origin", "position"),
)

OpenTransaction = Callable[[], AbstractContextManager[Session]]


def digest_of(value: bytes | None) -> str:
    return "null" if value is None else hashlib.sha256(value).hexdigest()


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

    def _settled(self, session: Session, origin: str, position: int) -> Outcome | None:
        dead = dead_lettered_messages.c
        applied, dead_lettered = session.execute(
            select(
                exists().where(
                    inbox_messages.c.consumer == self.consumer,
                    inbox_messages.c.origin == origin,
                    inbox_messages.c.position == position,
                ),
                exists().where(
                    dead.consumer == self.consumer, dead.origin == origin, dead.position == position
                ),
            )
        ).one()
        if applied:
            return Outcome.ALREADY_APPLIED
        return Outcome.ALREADY_DEAD_LETTERED if dead_lettered else None

    def apply_once(self, event: DecodedEvent, record: Record, effect: Effect) -> Outcome:
        """Apply the effect and record the message, both or neither, unless it was applied or
        dead-lettered before."""
        envelope = event.envelope
        with self._transaction() as session:
            settled = self._settled(session, envelope.origin, envelope.position)
            if settled is not None:
                return settled
            effect(event, session)
            session.execute(inbox_messages.insert().values(self._row(event, record)))
        return Outcome.APPLIED

    def apply_all(
        self, deliveries: Sequence[Delivery], runs: Mapping[str, RunEffect] | None = None
    ) -> list[Outcome]:
        """Several messages in one transaction, in order, each applied once (a message twice
        in `deliveries` is applied the first time): all of them or, on any failure, none.
        Consecutive messages of a kind in `runs` go to its run effect together."""
        with self._transaction() as session:
            settled = self._settled_all(session, [d.event.envelope for d in deliveries])
            outcomes, applied = apply_in_runs(deliveries, settled, runs or {}, session)
            if applied:
                rows = [self._row(d.event, d.record) for d in applied]
                session.execute(inbox_messages.insert(), rows)
        return outcomes

    def _settled_all(
        self, session: Session, envelopes: Sequence[Envelope]
    ) -> dict[tuple[str, int], Outcome]:
        """Which of these messages were applied or dead-lettered before, in two queries."""
        keys = {(e.origin, e.position) for e in envelopes}
        origins = sorted({origin for origin, _ in keys})
        positions = sorted({position for _, position in keys})
        applied, dead = inbox_messages.c, dead_lettered_messages.c
        settled: dict[tuple[str, int], Outcome] = {}
        for table, outcome in (
            (dead, Outcome.ALREADY_DEAD_LETTERED),
            (applied, Outcome.ALREADY_APPLIED),  # second: it wins where both are recorded
        ):
            found = session.execute(
                select(table.origin, table.position).where(
                    table.consumer == self.consumer,
                    table.origin.in_(origins),
                    table.position.in_(positions),
                )
            )
            for origin, position in found:
                if (origin, position) in keys:
                    settled[(origin, position)] = outcome
        return settled

    def _row(self, event: DecodedEvent, record: Record) -> dict[str, Any]:
        envelope = event.envelope
        return {
            "consumer": self.consumer,
            "origin": envelope.origin,
            "position": envelope.position,
            "event_id": envelope.event_id,
            "event_type": envelope.type,
            "topic": record.topic,
            "partition": record.partition,
            "offset": record.offset,
            "applied_at": datetime.now(UTC),
        }

    def was_applied(self, origin: str, position: int) -> bool:
        with self._transaction() as session:
            return self.has_applied(session, origin, position)

    def was_dead_lettered(self, record: Record, envelope: Envelope | None) -> bool:
        dead = dead_lettered_messages.c
        same_place = (
            (dead.topic == record.topic)
            & (dead.partition == record.partition)
            & (dead.offset == record.offset)
            & (dead.digest == digest_of(record.value))
        )
        places = [same_place]
        if envelope is not None:  # the same event, maybe re-sent by a relay at a new offset
            places.append((dead.origin == envelope.origin) & (dead.position == envelope.position))
        query = select(exists().where(dead.consumer == self.consumer, or_(*places)))
        with self._transaction() as session:
            return bool(session.execute(query).scalar())

    def record_dead_letter(self, record: Record, reason: str, envelope: Envelope | None) -> None:
        """Committed before the offset is, so a redelivery finds it."""
        dead = dead_lettered_messages.c
        try:
            with self._transaction() as session:
                session.execute(
                    delete(dead_lettered_messages).where(  # another message once read there
                        dead.consumer == self.consumer,
                        dead.topic == record.topic,
                        dead.partition == record.partition,
                        dead.offset == record.offset,
                    )
                )
                session.execute(
                    dead_lettered_messages.insert().values(
                        consumer=self.consumer,
                        topic=record.topic,
                        partition=record.partition,
                        offset=record.offset,
                        digest=digest_of(record.value),
                        origin=envelope.origin if envelope is not None else None,
                        position=envelope.position if envelope is not None else None,
                        reason=reason[:1000],
                        dead_lettered_at=datetime.now(UTC),
                    )
                )
        except (IntegrityError, StoreIntegrityError):
            pass  # a racing replica recorded it first
