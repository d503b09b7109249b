"""Kafka's topics read from offset 0 with a consumer of no group (nothing committed, nothing
shared with the live consumer): what a rebuild reads (application/replay.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence

from aiokafka import AIOKafkaConsumer, TopicPartition

from services.reporting.application.projection_ports import Place
from shared.messaging.records import Record


class KafkaTopicHistory:
    def __init__(self, bootstrap: str, topics: Sequence[str], namespace: str = "") -> None:
        self._bootstrap = bootstrap
        self._topics = list(topics)
        self._namespace = namespace
        self._consumer: AIOKafkaConsumer | None = None
        self._held: dict[Place, list[Record]] = {}  # read past an `until` asked before

    @property
    def topics(self) -> list[str]:
        return list(self._topics)

    async def start(self) -> None:
        self._consumer = AIOKafkaConsumer(
            bootstrap_servers=self._bootstrap,
            group_id=None,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            fetch_max_bytes=64 * 1024 * 1024,
            max_partition_fetch_bytes=16 * 1024 * 1024,
        )
        await self._consumer.start()
        parts: list[TopicPartition] = []
        for topic in self._topics:
            found = self._consumer.partitions_for_topic(self._namespace + topic)
            if found is None:
                await self._consumer._client.force_metadata_update()  # a topic just created
                found = self._consumer.partitions_for_topic(self._namespace + topic) or set()
            parts += [TopicPartition(self._namespace + topic, p) for p in sorted(found)]
        self._consumer.assign(parts)
        await self._consumer.seek_to_beginning(*parts)

    async def stop(self) -> None:
        if self._consumer is not None:
            await self._consumer.stop()
            self._consumer = None

    def _place(self, tp: TopicPartition) -> Place:
        return (tp.topic.removeprefix(self._namespace), tp.partition)

    async def ends(self) -> dict[Place, int]:
        assert self._consumer is not None
        ends = await self._consumer.end_offsets(list(self._consumer.assignment()))
        return {self._place(tp): offset for tp, offset in ends.items()}

    async def read(self, until: Mapping[Place, int]) -> AsyncIterator[Sequence[Record]]:
        consumer = self._consumer
        assert consumer is not None
        reached: dict[Place, int] = {}
        for place, held in list(self._held.items()):
            now = [r for r in held if r.offset < until.get(place, 0)]
            self._held[place] = [r for r in held if r.offset >= until.get(place, 0)]
            if now:
                yield now
        for tp in consumer.assignment():
            reached[self._place(tp)] = await consumer.position(tp)

        def done() -> bool:
            return all(reached.get(p, 0) >= end for p, end in until.items())

        while not done():
            batches = await consumer.getmany(timeout_ms=500, max_records=20_000)
            out: list[Record] = []
            for tp, messages in batches.items():
                place = self._place(tp)
                end = until.get(place, 0)
                for m in messages:
                    record = Record(
                        place[0], tp.partition, m.offset, m.key, m.value, tuple(m.headers or ())
                    )
                    if m.offset < end:
                        out.append(record)
                    else:
                        self._held.setdefault(place, []).append(record)
                if messages:
                    reached[place] = messages[-1].offset + 1
            if out:
                yield out
