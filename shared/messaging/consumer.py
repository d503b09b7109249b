"""The idempotent consumer: decode, check the contract, apply once, or dead-letter and move on.

No single message may stop a partition. A record that cannot be decoded, whatever the reason
(a null value, bad UTF-8, not an envelope, an unknown type), is dead-lettered at once; an effect
that keeps failing is retried a few times, then dead-lettered. Only a database that is away
makes the batch come again, and then what was applied or dead-lettered is recognised and skipped.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence

from eventsourcing.persistence import InterfaceError, OperationalError
from opentelemetry import trace
from sqlalchemy.exc import DBAPIError

from shared.contracts import (
    ContractError,
    ContractRegistry,
    DecodedEvent,
    Envelope,
    default_registry,
)
from shared.logs import get_logger
from shared.messaging.dead_letters import DeadLetters
from shared.messaging.inbox import Effect, Inbox, Outcome
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


def _why_undecodable(error: Exception) -> str:
    if isinstance(error, ContractError):
        return error.reason
    return f"undecodable message: {_named(error)}"


class IdempotentConsumer:
    def __init__(
        self,
        *,
        name: str,
        registry: ContractRegistry,
        effects: Mapping[str, Effect],
        inbox: Inbox,
        dead_letters: DeadLetters,
        attempts: int = 3,
        retry_pause: float = 0.2,
        redelivery_pause: float = 0.5,
    ) -> None:
        self.name = name
        self._registry = registry
        self._effects = effects
        self._inbox = inbox
        self._dead_letters = dead_letters
        self._attempts = attempts
        self._retry_pause = retry_pause
        self._redelivery_pause = redelivery_pause
        self.applied = 0
        self.duplicates = 0
        self.dead_lettered = 0

    async def handle_batch(self, records: Sequence[Record]) -> None:
        for record in records:
            try:
                await self.handle(record)
            except Exception:
                # The transport delivers the batch again: pause, or a database that is away
                # would be asked again at once, in a loop.
                log.warning(
                    "message.redelivery",
                    consumer=self.name,
                    topic=record.topic,
                    partition=record.partition,
                    offset=record.offset,
                    exc_info=True,
                )
                await asyncio.sleep(self._redelivery_pause)
                raise

    async def handle(self, record: Record) -> None:
        try:
            event = self._decode(record)
        except Exception as e:
            if not isinstance(e, ContractError):
                log.warning(
                    "message.decoder_failed",
                    consumer=self.name,
                    topic=record.topic,
                    partition=record.partition,
                    offset=record.offset,
                    exc_info=e,
                )
            await self._dead_letter(record, _why_undecodable(e), None)
            return
        effect = self._effects.get(event.type)
        if effect is None:
            return  # a known event this consumer has no use for
        with _tracer.start_as_current_span(
            f"{self.name} apply {event.type}", context=context_from_headers(record.headers)
        ):
            await self._apply(event, record, effect)

    def _decode(self, record: Record) -> DecodedEvent:
        if record.value is None:
            raise ContractError("undecodable message: null value (a tombstone)")
        return self._registry.decode(record.value)

    async def _apply(self, event: DecodedEvent, record: Record, effect: Effect) -> None:
        outcome = await self._apply_with_retries(event, record, effect)
        if outcome is None:
            return  # dead-lettered
        if outcome is Outcome.APPLIED:
            self.applied += 1
            return
        self.duplicates += 1
        log.info(
            "message.duplicate_ignored",
            consumer=self.name,
            origin=event.envelope.origin,
            position=event.envelope.position,
            outcome=outcome.value,
        )

    async def _apply_with_retries(
        self, event: DecodedEvent, record: Record, effect: Effect
    ) -> Outcome | None:
        envelope = event.envelope
        failure = "no attempt made"
        for attempt in range(1, self._attempts + 1):
            try:
                return await asyncio.to_thread(self._inbox.apply_once, event, record, effect)
            except EventRejected as e:
                await self._dead_letter(record, f"rejected by {self.name}: {e}", envelope)
                return None
            except Exception as e:
                if _is_transient(e):
                    raise
                if await asyncio.to_thread(
                    self._inbox.was_applied, envelope.origin, envelope.position
                ):
                    return Outcome.ALREADY_APPLIED  # another replica applied it first
                # The coordinates and the error, never the payload.
                log.warning(
                    "message.effect_failed",
                    consumer=self.name,
                    event_type=event.type,
                    origin=envelope.origin,
                    position=envelope.position,
                    attempt=attempt,
                    attempts=self._attempts,
                    exc_info=e,
                )
                failure = _named(e)
                if attempt < self._attempts:
                    await asyncio.sleep(self._retry_pause * attempt)
        reason = f"rejected by {self.name} after {self._attempts} attempts: {failure}"
        await self._dead_letter(record, reason, envelope)
        return None

    async def _dead_letter(self, record: Record, reason: str, envelope: Envelope | None) -> None:
        """Publish to the dead-letter topic once: a redelivered batch finds the first time."""
        if await asyncio.to_thread(self._inbox.was_dead_lettered, record, envelope):
            log.info(
                "message.dead_letter_repeat_ignored",
                consumer=self.name,
                topic=record.topic,
                partition=record.partition,
                offset=record.offset,
            )
            return
        await self._dead_letters.send(record, reason)
        # After the publish: a crash in between repeats a dead letter rather than losing one.
        await asyncio.to_thread(self._inbox.record_dead_letter, record, reason, envelope)
        self.dead_lettered += 1


def _named(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"


def subscribe_consumer(
    transport: Transport,
    *,
    name: str,
    topics: Sequence[str],
    effects: Mapping[str, Effect],
    inbox: Inbox,
    attempts: int = 3,
) -> IdempotentConsumer:
    """A service's consumer of other services' topics, dead-lettering to `<name>.dlq`."""
    consumer = IdempotentConsumer(
        name=name,
        registry=default_registry(),
        effects=effects,
        inbox=inbox,
        dead_letters=DeadLetters(transport=transport, topic=f"{name}.dlq", consumer=name),
        attempts=attempts,
    )
    transport.subscribe(group=name, topics=topics, handler=consumer.handle_batch)
    return consumer
