"""The projection lag bench's baseline: Kafka alone, one small message produced and consumed,
at the bench's rate, on the same broker. aiokafka with acks=all and idempotence, as the relays
publish, and a plain consumer (aiokafka's defaults) in the same process; the time from the
`send` call to the consumer holding the message. What our path adds is the rest."""

from __future__ import annotations

import asyncio
import struct
import time
import uuid

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from bench.lag_load import Sent, at_fixed_rate

_STAMP = struct.Struct("!d")  # the send time (monotonic: producer and consumer share a clock)


async def round_trips(bootstrap: str, rate: float, seconds: float, partitions: int) -> list[float]:
    """Seconds from send to receipt of each message, `rate` a second for `seconds`."""
    topic = f"lag-baseline-{uuid.uuid4().hex[:8]}"
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, partitions, 1)])
    finally:
        await admin.close()
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest")
    await producer.start()
    await consumer.start()
    received: list[float] = []
    expected = 0
    done = asyncio.Event()

    async def consume() -> None:
        async for message in consumer:
            assert message.value is not None
            (sent_at,) = _STAMP.unpack(message.value[: _STAMP.size])
            received.append(time.monotonic() - sent_at)
            if expected and len(received) >= expected:
                done.set()

    consuming = asyncio.create_task(consume())
    try:
        await _assigned(consumer)

        async def produce(i: int) -> str:
            value = _STAMP.pack(time.monotonic()) + b"x" * 200  # about an envelope's size
            await producer.send(topic, value, key=str(i).encode())
            return str(i)

        sent: Sent = await at_fixed_rate(rate, seconds, produce, lambda *_: None)
        expected = sent.accepted
        if len(received) < expected:
            await asyncio.wait_for(done.wait(), timeout=30)
    finally:
        consuming.cancel()
        await asyncio.gather(consuming, return_exceptions=True)
        await consumer.stop()
        await producer.stop()
    return received


async def _assigned(consumer: AIOKafkaConsumer) -> None:
    """Until the group has given the consumer its partitions (else the first messages wait
    for the assignment, which is not what is measured)."""
    deadline = time.monotonic() + 30
    while not consumer.assignment():
        if time.monotonic() > deadline:
            raise TimeoutError("the baseline consumer got no partitions")
        await asyncio.sleep(0.05)
