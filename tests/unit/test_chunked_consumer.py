"""A batch's messages applied several to an inbox transaction, with the guarantees of one by one:
each applied once with its inbox row, duplicates skipped (inside a chunk too), and a chunk that
fails applied again one by one, so only the bad message is retried and dead-lettered."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, create_engine, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from shared.contracts import DecodedEvent, default_registry
from shared.contracts.base import Contract
from shared.contracts.envelope import Envelope
from shared.contracts.intake_households import HouseholdRegisteredV1
from shared.messaging.consumer import IdempotentConsumer
from shared.messaging.dead_letters import DeadLetters
from shared.messaging.deliveries import Effect
from shared.messaging.failures import EventRejected
from shared.messaging.inbox import Inbox, inbox_messages
from shared.messaging.memory import InMemoryBus, InMemoryTransport
from shared.messaging.records import Record

TOPIC, DLQ = "intake.households", "grants.dlq"
effects_table = Table("effects", MetaData(), Column("position", Integer, nullable=False))


class Store:
    """A SQLite database whose transactions are counted, and the effects written in them."""

    def __init__(self) -> None:
        self.engine: Engine = create_engine(
            "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
        effects_table.metadata.create_all(self.engine)
        self.transactions = 0

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        self.transactions += 1
        with Session(self.engine) as session, session.begin():
            yield session

    def effects(self) -> list[int]:
        with self.engine.connect() as c:
            return [row.position for row in c.execute(select(effects_table.c.position))]

    def inbox_positions(self) -> list[int]:
        with self.engine.connect() as c:
            return sorted(row.position for row in c.execute(select(inbox_messages.c.position)))


def record(position: int, offset: int | None = None, payload: Contract | None = None) -> Record:
    """A message of intake's at `position` (a household registered unless `payload`)."""
    registered = HouseholdRegisteredV1(
        household_id=uuid.uuid4(), head_id=uuid.uuid4(), province_code="KHN", commune_code="KHN01"
    )
    value = Envelope.encode_fields(
        payload or registered,
        origin="intake",
        position=position,
        aggregate_id=uuid.uuid4(),
        aggregate_version=1,
        occurred_at=datetime.now(UTC),
        actor="intake",
        reason=None,
    )
    return Record(TOPIC, 0, position if offset is None else offset, b"k", value)


def keep(failing: frozenset[int] = frozenset(), rejected: frozenset[int] = frozenset()) -> Effect:
    def effect(event: DecodedEvent, session: Session) -> None:
        position = event.envelope.position
        session.execute(effects_table.insert().values(position=position))
        if position in failing:
            raise ValueError(f"a rule refuses {position}")
        if position in rejected:
            raise EventRejected(f"refused {position}")

    return effect


async def consumer_over(
    store: Store, effect: Effect, *, chunk: int
) -> tuple[IdempotentConsumer, InMemoryBus]:
    bus = InMemoryBus(partitions=1)
    transport = InMemoryTransport(bus)
    await transport.ensure_topics([DLQ])
    consumer = IdempotentConsumer(
        name="grants",
        registry=default_registry(),
        effects={HouseholdRegisteredV1.TYPE: effect},
        inbox=Inbox("grants", store.engine, store.transaction),
        dead_letters=DeadLetters(transport=transport, topic=DLQ, consumer="grants"),
        retry_pause=0,
        chunk=chunk,
    )
    return consumer, bus


@pytest.fixture
def store() -> Store:
    return Store()


async def test_a_batch_is_applied_in_chunks_in_delivery_order(store: Store) -> None:
    consumer, _ = await consumer_over(store, keep(), chunk=4)
    await consumer.handle_batch([record(p) for p in (5, 3, 9, 1, 7, 2, 8, 4, 6, 10)])

    assert store.effects() == [5, 3, 9, 1, 7, 2, 8, 4, 6, 10]
    assert store.inbox_positions() == list(range(1, 11))
    assert consumer.applied == 10
    assert store.transactions == 3  # chunks of 4, 4 and 2


async def test_a_message_twice_in_one_chunk_is_applied_once(store: Store) -> None:
    consumer, _ = await consumer_over(store, keep(), chunk=10)
    # The same event re-sent by a relay: same origin and position, a new offset.
    await consumer.handle_batch([record(1), record(2), record(1, offset=3), record(3)])

    assert store.effects() == [1, 2, 3]
    assert (consumer.applied, consumer.duplicates) == (3, 1)


async def test_a_message_applied_before_is_skipped(store: Store) -> None:
    consumer, _ = await consumer_over(store, keep(), chunk=10)
    await consumer.handle_batch([record(1), record(2)])
    await consumer.handle_batch([record(1), record(2), record(3)])  # redelivered, and one more

    assert store.effects() == [1, 2, 3]
    assert (consumer.applied, consumer.duplicates) == (3, 2)


async def test_a_failing_chunk_is_applied_one_by_one_and_only_the_bad_one_dead_lettered(
    store: Store,
) -> None:
    consumer, bus = await consumer_over(store, keep(failing=frozenset({3})), chunk=10)
    await consumer.handle_batch([record(p) for p in (1, 2, 3, 4, 5)])

    # The chunk's writes were rolled back; one by one, 3 fails its 3 attempts and is dead-lettered.
    assert store.effects() == [1, 2, 4, 5]
    assert store.inbox_positions() == [1, 2, 4, 5]
    assert (consumer.applied, consumer.dead_lettered) == (4, 1)
    letters = bus.logs[DLQ][0]
    assert len(letters) == 1
    reason = letters[0].header("x-dead-letter-reason") or ""
    assert reason.startswith("rejected by grants after 3 attempts: ValueError: a rule refuses 3")
    assert letters[0].header("x-origin-offset") == "3"


async def test_an_event_rejected_in_a_chunk_is_dead_lettered_at_once_and_the_rest_applied(
    store: Store,
) -> None:
    consumer, bus = await consumer_over(store, keep(rejected=frozenset({2})), chunk=10)
    await consumer.handle_batch([record(p) for p in (1, 2, 3)])

    assert store.effects() == [1, 3]
    assert (consumer.applied, consumer.dead_lettered) == (2, 1)
    assert (bus.logs[DLQ][0][0].header("x-dead-letter-reason") or "").startswith(
        "rejected by grants: refused 2"
    )


async def test_an_undecodable_record_is_dead_lettered_and_its_neighbours_applied_together(
    store: Store,
) -> None:
    consumer, bus = await consumer_over(store, keep(), chunk=10)
    await consumer.handle_batch([record(1), Record(TOPIC, 0, 2, b"k", None), record(3)])

    assert store.effects() == [1, 3]
    assert (consumer.applied, consumer.dead_lettered) == (2, 1)
    assert bus.logs[DLQ][0][0].value is None


async def test_chunks_of_one_are_a_transaction_per_message(store: Store) -> None:
    consumer, _ = await consumer_over(store, keep(), chunk=1)
    await consumer.handle_batch([record(p) for p in (1, 2, 3)])

    assert store.effects() == [1, 2, 3]
    assert store.transactions == 3
