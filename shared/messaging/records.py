"""What a transport carries, independent of Kafka or the in-process bus."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class OutboundMessage:
    topic: str
    key: bytes
    value: bytes | None  # None is a null value: a tombstone
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Record:
    """One delivered message and where it came from."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None  # None when the producer sent a null value (a tombstone)
    headers: tuple[tuple[str, bytes], ...] = ()

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key == name:
                return value.decode("utf-8", errors="replace")
        return None


BatchHandler = Callable[[Sequence[Record]], Awaitable[None]]


class Transport(Protocol):
    """Kafka in production, an in-process bus in the embedded demo: same handlers either way."""

    async def ensure_topics(self, topics: Sequence[str]) -> None: ...

    async def publish(self, messages: Sequence[OutboundMessage]) -> None:
        """Return only when every message is acknowledged; raise if any is not."""

    def subscribe(self, *, group: str, topics: Sequence[str], handler: BatchHandler) -> None:
        """Deliver batches in order per partition. If the handler raises, redeliver the batch."""

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


def partition_for(key: bytes, partitions: int) -> int:
    """Kafka's default partitioner (murmur2 of the key), so both transports agree."""
    from aiokafka.partitioner import murmur2

    return int(murmur2(key) & 0x7FFFFFFF) % partitions
