"""The idempotent consumer: decode, check the contract, apply once, or dead-letter and move on."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence

from eventsourcing.persistence import InterfaceError, OperationalError
from opentelemetry import trace
from sqlalchemy.exc import DBAPIError

from shared.contracts import ContractError, ContractRegistry, DecodedEvent, default_registry
from shared.logs import get_logger
from shared.messaging.dead_letters import DeadLetters
from shared.messaging.inbox import Effect, Inbox
from shared.messaging.records import Record, Transport
from shared.tracing import context_from_headers

log = get_logger(__name__)
_tracer = trace.get_tracer(__name__)


class EventRejected(Exception):
    """A well-formed event that this consumer's rules refuse; it goes to the dead-letter topic."""


def _is_transient(error: Exception) -> bool:
    """Database away or connection lost: retry the message rather than dead-letter it."""
    if isinstance(error, OperationalError | InterfaceError):
        return True
    return isinstance(error, DBAPIError) and error.connection_invalidated


class IdempotentConsumer:
    def __init__(
        self,
        *,
        name: str,
        registry: ContractRegistry,
        effects: Mapping[str, Effect],
        inbox: Inbox,
        dead_letters: DeadLetters,
    ) -> None:
        self.name = name
        self._registry = registry
        self._effects = effects
        self._inbox = inbox
        self._dead_letters = dead_letters
        self.applied = 0
        self.duplicates = 0

    async def handle_batch(self, records: Sequence[Record]) -> None:
        for record in records:
            await self.handle(record)

    async def handle(self, record: Record) -> None:
        try:
            event = self._registry.decode(record.value)
        except ContractError as e:
            await self._dead_letters.send(record, e.reason)
            return
        effect = self._effects.get(event.type)
        if effect is None:
            return  # a known event this consumer has no use for
        with _tracer.start_as_current_span(
            f"{self.name} apply {event.type}", context=context_from_headers(record.headers)
        ):
            await self._apply(event, record, effect)

    async def _apply(self, event: DecodedEvent, record: Record, effect: Effect) -> None:
        envelope = event.envelope
        try:
            applied = await asyncio.to_thread(self._inbox.apply_once, event, record, effect)
        except Exception as e:
            if _is_transient(e):
                raise
            if await asyncio.to_thread(self._inbox.was_applied, envelope.origin, envelope.position):
                applied = False  # another replica applied it first
            else:
                await self._dead_letters.send(record, f"rejected by {self.name}: {e}")
                return
        if applied:
            self.applied += 1
        else:
            self.duplicates += 1
            log.info(
                "message.duplicate_ignored",
                consumer=self.name,
                origin=envelope.origin,
                position=envelope.position,
            )


def subscribe_consumer(
    transport: Transport,
    *,
    name: str,
    topics: Sequence[str],
    effects: Mapping[str, Effect],
    inbox: Inbox,
) -> IdempotentConsumer:
    """A service's consumer of other services' topics, dead-lettering to `<name>.dlq`."""
    consumer = IdempotentConsumer(
        name=name,
        registry=default_registry(),
        effects=effects,
        inbox=inbox,
        dead_letters=DeadLetters(transport=transport, topic=f"{name}.dlq", consumer=name),
    )
    transport.subscribe(group=name, topics=topics, handler=consumer.handle_batch)
    return consumer
