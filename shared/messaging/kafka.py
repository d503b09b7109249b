"""Kafka through FastStream on aiokafka: acks=all, idempotent producer, explicit topics."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from faststream import AckPolicy
from faststream.kafka import KafkaBroker, TopicPartition
from faststream.kafka.annotations import KafkaMessage

from shared.logs import get_logger
from shared.messaging.records import BatchHandler, OutboundMessage, Record

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
        max_batch: int = 500,
    ) -> None:
        self._bootstrap = bootstrap
        self._partitions = partitions
        self._max_batch = max_batch
        self.broker = KafkaBroker(
            bootstrap,
            client_id=client_id,
            acks="all",
            enable_idempotence=True,
            linger_ms=5,
            max_request_size=4 * 1024 * 1024,
            logger=None,
        )

    async def ensure_topics(self, topics: Sequence[str]) -> None:
        admin = AIOKafkaAdminClient(bootstrap_servers=self._bootstrap)
        await admin.start()
        try:
            wanted = [
                NewTopic(name, self._partitions, 1, topic_configs=EVENT_TOPIC_CONFIG)
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
        futures = [
            await self.broker.publish(
                m.value, m.topic, key=m.key, headers=m.headers, no_confirm=True
            )
            for m in messages
        ]
        await asyncio.gather(*futures)

    def subscribe(self, *, group: str, topics: Sequence[str], handler: BatchHandler) -> None:
        # Offsets are committed only after the handler returns (its effects are committed by
        # then); if it raises, FastStream seeks back and the batch is delivered again.
        subscriber = self.broker.subscriber(
            *topics,
            group_id=group,
            batch=True,
            max_records=self._max_batch,
            batch_timeout_ms=100,
            auto_offset_reset="earliest",
            ack_policy=AckPolicy.NACK_ON_ERROR,
        )

        @subscriber
        async def on_batch(_: list[Any], message: KafkaMessage) -> None:
            raw = message.raw_message
            batch = raw if isinstance(raw, tuple) else (raw,)
            await handler([_record(r) for r in batch])

    async def start(self) -> None:
        await self.broker.start()

    async def stop(self) -> None:
        await self.broker.stop()

    async def end_offsets(self, topic: str) -> dict[int, int]:
        """Per partition, the offset the next message will get (for tests and tools)."""
        from aiokafka import AIOKafkaConsumer

        consumer = AIOKafkaConsumer(bootstrap_servers=self._bootstrap)
        await consumer.start()
        try:
            parts = [TopicPartition(topic, p) for p in range(self._partitions)]
            ends = await consumer.end_offsets(parts)
            return {tp.partition: offset for tp, offset in ends.items()}
        finally:
            await consumer.stop()


def _record(raw: Any) -> Record:
    return Record(
        topic=raw.topic,
        partition=raw.partition,
        offset=raw.offset,
        key=raw.key,
        value=raw.value,
        headers=tuple((k, v) for k, v in (raw.headers or ())),
    )
