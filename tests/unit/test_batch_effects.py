"""A consumer's batch effect gets the runs of its kind of message a chunk holds, in delivery
order and in the chunk's transaction; the other kinds keep their single effects; a run that
fails has the chunk applied again one by one with the single effects."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import pytest
from sqlalchemy.orm import Session

from shared.contracts import default_registry
from shared.contracts.base import Contract
from shared.contracts.intake_households import (
    HouseholdDisasterImpactRecordedV1,
    HouseholdRegisteredV1,
)
from shared.messaging.consumer import IdempotentConsumer
from shared.messaging.dead_letters import DeadLetters
from shared.messaging.deliveries import BatchEffect, Traced
from shared.messaging.inbox import Inbox
from shared.messaging.memory import InMemoryBus, InMemoryTransport
from shared.messaging.records import Record
from tests.unit import test_chunked_consumer as chunked
from tests.unit.test_chunked_consumer import DLQ, Store, effects_table, keep

REGISTERED, IMPACT = HouseholdRegisteredV1.TYPE, HouseholdDisasterImpactRecordedV1.TYPE


def registered() -> Contract:
    return HouseholdRegisteredV1(
        household_id=uuid.uuid4(), head_id=uuid.uuid4(), province_code="KHN", commune_code="KHN01"
    )


def impact() -> Contract:
    return HouseholdDisasterImpactRecordedV1(
        household_id=uuid.uuid4(),
        province_code="KHN",
        disaster="floods-2026-02",
        evacuated=True,
        damage="destroyed",
    )


def record(payload: Contract, position: int, offset: int | None = None) -> Record:
    return chunked.record(position, offset, payload)


class Runs:
    """A batch effect writing each message's position, and the runs it was handed."""

    def __init__(self, failing: bool = False) -> None:
        self.runs: list[list[int]] = []
        self.failing = failing

    def __call__(self, messages: Sequence[Traced], session: Session) -> None:
        positions = [m.event.envelope.position for m in messages]
        self.runs.append(positions)
        for position in positions:
            session.execute(effects_table.insert().values(position=position))
        if self.failing:
            raise ValueError("the run refuses")


async def consumer_over(
    store: Store, batches: dict[str, BatchEffect], *, chunk: int = 10
) -> tuple[IdempotentConsumer, InMemoryBus]:
    bus = InMemoryBus(partitions=1)
    transport = InMemoryTransport(bus)
    await transport.ensure_topics([DLQ])
    consumer = IdempotentConsumer(
        name="grants",
        registry=default_registry(),
        effects={REGISTERED: keep(), IMPACT: keep()},
        inbox=Inbox("grants", store.engine, store.transaction),
        dead_letters=DeadLetters(transport=transport, topic=DLQ, consumer="grants"),
        batch_effects=batches,
        retry_pause=0,
        chunk=chunk,
    )
    return consumer, bus


@pytest.fixture
def store() -> Store:
    return Store()


async def test_consecutive_messages_of_a_kind_go_to_its_batch_effect_together(
    store: Store,
) -> None:
    runs = Runs()
    consumer, _ = await consumer_over(store, {REGISTERED: runs})
    kinds = [registered, registered, impact, registered, registered, registered, impact]
    await consumer.handle_batch([record(kind(), p) for p, kind in enumerate(kinds, start=1)])

    assert runs.runs == [[1, 2], [4, 5, 6]]
    assert store.effects() == [1, 2, 3, 4, 5, 6, 7]  # the order they were delivered in
    assert store.inbox_positions() == [1, 2, 3, 4, 5, 6, 7]
    assert (consumer.applied, store.transactions) == (7, 1)


async def test_a_run_is_cut_where_a_chunk_ends(store: Store) -> None:
    runs = Runs()
    consumer, _ = await consumer_over(store, {REGISTERED: runs}, chunk=3)
    await consumer.handle_batch([record(registered(), p) for p in range(1, 6)])

    assert runs.runs == [[1, 2, 3], [4, 5]]


async def test_a_message_twice_or_applied_before_is_left_out_of_the_run(store: Store) -> None:
    runs = Runs()
    consumer, _ = await consumer_over(store, {REGISTERED: runs})
    first = [record(registered(), 1), record(registered(), 2)]
    await consumer.handle_batch(first)
    again = [first[1], record(registered(), 3, offset=3)]
    await consumer.handle_batch([*again, record(registered(), 4, offset=4), again[1]])

    assert runs.runs == [[1, 2], [3, 4]]
    assert store.effects() == [1, 2, 3, 4]
    assert (consumer.applied, consumer.duplicates) == (4, 2)


async def test_a_failing_run_has_its_chunk_applied_one_by_one_with_the_single_effects(
    store: Store,
) -> None:
    runs = Runs(failing=True)
    consumer, bus = await consumer_over(store, {REGISTERED: runs})
    await consumer.handle_batch([record(registered(), p) for p in (1, 2, 3)])

    assert runs.runs == [[1, 2, 3]]  # tried once as a run, rolled back
    assert store.effects() == [1, 2, 3]  # then each by `keep()`
    assert store.inbox_positions() == [1, 2, 3]
    assert (consumer.applied, consumer.dead_lettered) == (3, 0)
    assert bus.logs[DLQ][0] == []


async def test_each_message_of_a_run_carries_its_own_trace_context(store: Store) -> None:
    seen: list[str | None] = []

    def batch(messages: Sequence[Traced], _: Session) -> None:
        seen.extend(m.traceparent for m in messages)

    consumer, _ = await consumer_over(store, {REGISTERED: batch})
    await consumer.handle_batch([record(registered(), p) for p in (1, 2)])

    assert len(seen) == 2
    assert all(t is None or t.startswith("00-") for t in seen)
    assert seen[0] is None or seen[0] != seen[1]  # two spans, two span ids


async def test_kinds_given_one_batch_effect_make_one_run(store: Store) -> None:
    runs = Runs()
    consumer, _ = await consumer_over(store, {REGISTERED: runs, IMPACT: runs})
    kinds = [registered, impact, registered, impact]
    await consumer.handle_batch([record(kind(), p) for p, kind in enumerate(kinds, start=1)])

    assert runs.runs == [[1, 2, 3, 4]]
    assert store.effects() == [1, 2, 3, 4]
