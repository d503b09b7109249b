"""The in-process bus for the embedded demo: partitioned logs in memory, consumer groups with
offsets, batches redelivered when a handler raises; the same semantics the Kafka path relies on."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from shared.logs import get_logger
from shared.messaging.records import BatchHandler, OutboundMessage, Record, partition_for

log = get_logger(__name__)


@dataclass
class _Subscription:
    group: str
    topics: tuple[str, ...]
    handler: BatchHandler
    offsets: dict[tuple[str, int], int] = field(default_factory=lambda: defaultdict(int))


class InMemoryBus:
    """One bus shared by every service of the process; each service gets its own view."""

    def __init__(self, partitions: int = 3, max_batch: int = 500) -> None:
        self.partitions = partitions
        self._max_batch = max_batch
        self.logs: dict[str, list[list[Record]]] = {}
        self._subscriptions: list[_Subscription] = []
        self._arrived = asyncio.Condition()
        self._tasks: list[asyncio.Task[None]] = []

    def create_topic(self, name: str) -> None:
        self.logs.setdefault(name, [[] for _ in range(self.partitions)])

    async def append(self, messages: Sequence[OutboundMessage]) -> None:
        for m in messages:
            if m.topic not in self.logs:
                raise LookupError(f"unknown topic {m.topic!r}: topics are created explicitly")
            partition = partition_for(m.key, self.partitions)
            log_ = self.logs[m.topic][partition]
            headers = tuple((k, v.encode()) for k, v in m.headers.items())
            log_.append(Record(m.topic, partition, len(log_), m.key, m.value, headers))
        async with self._arrived:
            self._arrived.notify_all()

    def add(self, subscription: _Subscription) -> None:
        self._subscriptions.append(subscription)
        self._tasks.append(asyncio.create_task(self._deliver(subscription)))

    def _next_batch(self, sub: _Subscription) -> list[Record]:
        for topic in sub.topics:
            for partition, records in enumerate(self.logs.get(topic, [])):
                start = sub.offsets[(topic, partition)]
                if start < len(records):
                    return records[start : start + self._max_batch]
        return []

    async def _deliver(self, sub: _Subscription) -> None:
        while True:
            batch = self._next_batch(sub)
            if not batch:
                async with self._arrived:
                    await self._arrived.wait_for(lambda: bool(self._next_batch(sub)))
                continue
            try:
                await sub.handler(batch)
            except Exception as e:  # like a Kafka nack: same batch again, after a pause
                log.warning("bus.redeliver", group=sub.group, error=repr(e))
                await asyncio.sleep(0.5)
                continue
            last = batch[-1]
            sub.offsets[(last.topic, last.partition)] = last.offset + 1

    async def idle(self) -> bool:
        """True when every subscription has consumed everything (for tests and the demo)."""
        return all(not self._next_batch(sub) for sub in self._subscriptions)

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()


class InMemoryTransport:
    def __init__(self, bus: InMemoryBus) -> None:
        self._bus = bus
        self._pending: list[_Subscription] = []

    async def ensure_topics(self, topics: Sequence[str]) -> None:
        for name in topics:
            self._bus.create_topic(name)

    async def publish(self, messages: Sequence[OutboundMessage]) -> None:
        await self._bus.append(messages)

    def subscribe(self, *, group: str, topics: Sequence[str], handler: BatchHandler) -> None:
        self._pending.append(_Subscription(group, tuple(topics), handler))

    async def start(self) -> None:
        for sub in self._pending:
            self._bus.add(sub)
        self._pending.clear()

    async def stop(self) -> None:
        await self._bus.close()
