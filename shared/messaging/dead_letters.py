"""Messages a consumer cannot use go to its service's dead-letter topic, with the reason."""

from __future__ import annotations

from shared.logs import get_logger
from shared.messaging.records import OutboundMessage, Record, Transport

log = get_logger(__name__)


class DeadLetters:
    def __init__(self, *, transport: Transport, topic: str, consumer: str) -> None:
        self.topic = topic
        self._transport = transport
        self._consumer = consumer

    async def send(self, record: Record, reason: str) -> None:
        headers = {
            "x-dead-letter-reason": reason[:1000],
            "x-dead-letter-consumer": self._consumer,
            "x-origin-topic": record.topic,
            "x-origin-partition": str(record.partition),
            "x-origin-offset": str(record.offset),
        }
        for name in ("event-type", "schema-version", "traceparent"):
            value = record.header(name)
            if value is not None:
                headers[f"x-origin-{name}"] = value
        # The reason and coordinates are logged, never the payload: it may hold personal data.
        log.warning(
            "message.dead_lettered",
            consumer=self._consumer,
            reason=reason,
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
        )
        await self._transport.publish(
            [OutboundMessage(self.topic, record.key or b"", record.value, headers)]
        )
