"""Kafka: FastStream consumers on aiokafka, an idempotent acks=all producer, explicit topics.

Publishing goes through aiokafka's batch API (one batch per partition, per-message headers):
FastStream's per-message publish ran at about 9k messages/s here, its batch publish puts the
same headers on every message, and the batch API runs at about 55k/s with the same guarantees
(idempotent sequence numbers, acks from all in-sync replicas).
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterator, Sequence
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from faststream import AckPolicy
from faststream.kafka import KafkaBroker, TopicPartition
from faststream.kafka.annotations import KafkaMessage

from shared.logs import get_logger
from shared.messaging.records import BatchHandler, OutboundMessage, Record, partition_for

log = get_logger(__name__)

# Auditors replay from offset 0: event topics keep everything and are never compacted.
EVENT_TOPIC_CONFIG = {"retention.ms": "-1", "retention.bytes": "-1", "cleanup.policy": "delete"}


class KafkaTransport:
    def __init__(
        self,
        *,
        bootstrap: str,
        client_id: str,
        partitions: int,
        namespace: str = "",
        max_batch: int = 500,
        fetch_max_wait_ms: int = 50,
        batch_wait_ms: int = 10,
    ) -> None:
        # A namespace prefixes every topic and group, so several deployments (or test runs)
        # can share one cluster; services only ever see the plain names.
        self.namespace = namespace
        self._bootstrap = bootstrap
        self._partitions = partitions
        self._max_batch = max_batch
        self._fetch_max_wait_ms = fetch_max_wait_ms
        self._batch_wait_ms = batch_wait_ms
        self._client_id = client_id
        self.broker = KafkaBroker(bootstrap, client_id=client_id, logger=None)
        self._producer: AIOKafkaProducer | None = None
        self._partition_counts: dict[str, int] = {}

    async def ensure_topics(self, topics: Sequence[str]) -> None:
        admin = AIOKafkaAdminClient(bootstrap_servers=self._bootstrap)
        await admin.start()
        try:
            wanted = [
                NewTopic(
                    self.namespace + name, self._partitions, 1, topic_configs=EVENT_TOPIC_CONFIG
                )
                for name in topics
            ]
            try:
                response = await admin.create_topics(wanted)
            except TopicAlreadyExistsError:
                return
            for name, code, *_ in response.topic_errors:
                if code not in (0, TopicAlreadyExistsError.errno):
                    raise RuntimeError(f"could not create topic {name}: error code {code}")
        finally:
            await admin.close()

    async def publish(self, messages: Sequence[OutboundMessage]) -> None:
        producer = self._producer
        if producer is None:
            raise RuntimeError("the Kafka transport is not started")
        by_partition: dict[tuple[str, int], list[OutboundMessage]] = defaultdict(list)
        for m in messages:
            topic = self.namespace + m.topic
            partitions = await self._partitions_of(topic)
            by_partition[(topic, partition_for(m.key, partitions))].append(m)
        futures = [
            await producer.send_batch(batch, topic, partition=partition)
            for (topic, partition), group in by_partition.items()
            for batch in _batches(producer, group)
        ]
        await asyncio.gather(*futures)

    async def _partitions_of(self, topic: str) -> int:
        count = self._partition_counts.get(topic)
        if count is None:
            assert self._producer is not None
            found = await self._producer.partitions_for(topic)
            if not found:
                raise LookupError(f"topic {topic!r} does not exist: topics are created explicitly")
            count = self._partition_counts[topic] = len(found)
        return count

    def subscribe(self, *, group: str, topics: Sequence[str], handler: BatchHandler) -> None:
        # Offsets are committed only after the handler returns (its effects are committed by
        # then); if it raises, FastStream seeks back and the batch is delivered again.
        # How long to wait when nothing is new (kafka_fetch_max_wait_ms, _batch_wait_ms):
        # aiokafka keeps one fetch in flight per broker, and a partition whose records were
        # still being handled when it left waits for it to come back: with aiokafka's 500 ms
        # an idle partition in the same fetch held it that long. An empty batch is asked again
        # after the batch wait, FastStream sleeping as long first (it was 100 + 100 ms).
        # bench/projection_lag.py (docs/benchmarks.md), back to back: lag p99 1,155-1,344 ms
        # with the old waits, 545-847 ms with 50 and 10 ms. A batch still takes all that was
        # fetched meanwhile (up to max_batch): the flood surge's batches stay as large.
        subscriber = self.broker.subscriber(
            *(self.namespace + t for t in topics),
            group_id=self.namespace + group,
            batch=True,
            max_records=self._max_batch,
            batch_timeout_ms=self._batch_wait_ms,
            fetch_max_wait_ms=self._fetch_max_wait_ms,
            auto_offset_reset="earliest",
            ack_policy=AckPolicy.NACK_ON_ERROR,
            parser=_parse_leniently,
            decoder=_undecoded,
        )

        @subscriber
        async def on_batch(_: list[Any], message: KafkaMessage) -> None:
            raw = message.raw_message
            batch = raw if isinstance(raw, tuple) else (raw,)
            await handler([_record(r, self.namespace) for r in batch])

    async def start(self) -> None:
        self._producer = AIOKafkaProducer(
            bootstrap_servers=self._bootstrap,
            client_id=self._client_id,
            acks="all",
            enable_idempotence=True,
            linger_ms=5,
            max_batch_size=1024 * 1024,
            max_request_size=4 * 1024 * 1024,
        )
        await self._producer.start()
        await self.broker.start()

    async def stop(self) -> None:
        await self.broker.stop()
        if self._producer is not None:
            await self._producer.stop()
            self._producer = None

    async def end_offsets(self, topic: str) -> dict[int, int]:
        """Per partition, the offset the next message will get (for tests and tools)."""
        from aiokafka import AIOKafkaConsumer

        consumer = AIOKafkaConsumer(bootstrap_servers=self._bootstrap)
        await consumer.start()
        try:
            parts = [TopicPartition(self.namespace + topic, p) for p in range(self._partitions)]
            ends = await consumer.end_offsets(parts)
            return {tp.partition: offset for tp, offset in ends.items()}
        finally:
            await consumer.stop()


async def _parse_leniently(
    records: tuple[Any, ...], original: Callable[[tuple[Any, ...]], Awaitable[Any]]
) -> Any:
    """FastStream decodes every header value as UTF-8 before the handler runs, and a record
    with one that is not (or a null one) would fail the batch on every delivery: it is given
    copies it can read. What such a record is worth is the consumer's business."""
    return await original(tuple(_readable(r) for r in records))


def _readable(raw: Any) -> Any:
    try:
        for _, value in raw.headers:
            value.decode()
    except (AttributeError, UnicodeDecodeError):
        return dataclasses.replace(raw, headers=_header_bytes(raw.headers))
    return raw


def _header_bytes(headers: Any) -> tuple[tuple[str, bytes], ...]:
    """Null header values as empty, others made valid UTF-8."""
    return tuple(
        (k, (v or b"").decode("utf-8", errors="replace").encode()) for k, v in (headers or ())
    )


def _undecoded(message: Any) -> Any:
    """The values as they came: decoding is the consumer's, which dead-letters what fails it
    (FastStream's own decoder raises on a record whose content-type header it cannot honour)."""
    return message.body


def _record(raw: Any, namespace: str) -> Record:
    return Record(
        topic=raw.topic.removeprefix(namespace),
        partition=raw.partition,
        offset=raw.offset,
        key=raw.key,
        value=raw.value,  # None for a null value (a tombstone)
        headers=tuple((k, v) for k, v in (raw.headers or ())),
    )


def _batches(producer: AIOKafkaProducer, messages: list[OutboundMessage]) -> Iterator[Any]:
    """As few record batches as the producer's batch size allows, in order."""
    batch = producer.create_batch()
    for m in messages:
        headers = [(k, v.encode()) for k, v in m.headers.items()]
        if batch.append(key=m.key, value=m.value, timestamp=None, headers=headers) is None:
            yield batch
            batch = producer.create_batch()
            if batch.append(key=m.key, value=m.value, timestamp=None, headers=headers) is None:
                raise ValueError(
                    f"a message of {len(m.value or b'')} bytes does not fit in a batch"
                )
    yield batch
