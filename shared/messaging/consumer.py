"""The idempotent consumer: decode, check the contract, apply once, or dead-letter and move on.

No single message may stop a partition. A record that cannot be decoded, whatever the reason
(a null value, bad UTF-8, not an envelope, an unknown type), is dead-lettered at once; an effect
that keeps failing is retried a few times, then dead-lettered. Only a database that is away
makes the batch come again, and then what was applied or dead-lettered is recognised and skipped.

A batch's messages are applied `chunk` at a time, in delivery order, one inbox transaction per
chunk (consecutive ones of a kind with a batch effect together: deliveries.py); a chunk that
fails in any way is rolled back and its messages applied one by one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Mapping, Sequence
from contextlib import AbstractContextManager

from opentelemetry import trace
from opentelemetry.trace import Span
from sqlalchemy.orm import Session

from shared.contracts import (
    ContractError,
    ContractRegistry,
    DecodedEvent,
    Envelope,
)
from shared.logs import get_logger
from shared.messaging.dead_letters import DeadLetters
from shared.messaging.deliveries import BatchEffect, Delivery, Effect, Outcome, traced_runs
from shared.messaging.failures import EventRejected, is_transient, named, why_undecodable
from shared.messaging.inbox import Inbox
from shared.messaging.records import Record
from shared.tracing import context_from_headers

log = get_logger(__name__)
_tracer = trace.get_tracer(__name__)


class IdempotentConsumer:
    def __init__(
        self,
        *,
        name: str,
        registry: ContractRegistry,
        effects: Mapping[str, Effect],
        inbox: Inbox,
        dead_letters: DeadLetters,
        batch_effects: Mapping[str, BatchEffect] | None = None,
        attempts: int = 3,
        retry_pause: float = 0.2,
        redelivery_pause: float = 0.5,
        chunk: int = 100,
        runs_only: bool = False,
    ) -> None:
        self.name = name
        # Every message of a kind with a batch effect goes to it, alone when it must (a chunk
        # of one, or a failed chunk applied one by one): its single effect is never used.
        self._runs_only = runs_only
        self._registry = registry
        self._effects = effects
        self._runs = traced_runs(batch_effects or {}, self._span)
        self._inbox = inbox
        self._dead_letters = dead_letters
        self._attempts = attempts
        self._retry_pause = retry_pause
        self._redelivery_pause = redelivery_pause
        self._chunk = max(1, chunk)  # 1: each message in its own transaction
        self.applied = 0
        self.duplicates = 0
        self.dead_lettered = 0

    async def handle_batch(self, records: Sequence[Record]) -> None:
        chunk: list[Delivery] = []
        for record in records:
            await self._redelivered_if_failing(record, self._collect(record, chunk))
            if len(chunk) >= self._chunk:
                await self._redelivered_if_failing(chunk[0].record, self._apply_chunk(chunk))
                chunk = []
        if chunk:
            await self._redelivered_if_failing(chunk[0].record, self._apply_chunk(chunk))

    async def _redelivered_if_failing(self, record: Record, step: Awaitable[None]) -> None:
        try:
            await step
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

    async def _collect(self, record: Record, chunk: list[Delivery]) -> None:
        """Decoded and added to the chunk, or dead-lettered at once if it cannot be."""
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
            await self._dead_letter(record, why_undecodable(e), None)
            return
        effect = self._effects.get(event.type)
        if effect is not None:  # else a known event this consumer has no use for
            chunk.append(Delivery(event, record, effect))

    def _decode(self, record: Record) -> DecodedEvent:
        if record.value is None:
            raise ContractError("undecodable message: null value (a tombstone)")
        return self._registry.decode(record.value)

    async def _apply_chunk(self, chunk: Sequence[Delivery]) -> None:
        if len(chunk) > 1:
            traced = [d._replace(effect=self._traced(d)) for d in chunk]
            try:
                outcomes = await asyncio.to_thread(self._inbox.apply_all, traced, self._runs)
            except Exception as e:
                first = chunk[0].record
                log.info(
                    "message.chunk_applied_one_by_one",
                    consumer=self.name,
                    messages=len(chunk),
                    at=(first.topic, first.partition, first.offset),
                    reason=named(e),
                )
            else:
                for delivery, outcome in zip(chunk, outcomes, strict=True):
                    self._count(delivery.event, outcome)
                return
        for delivery in chunk:
            with self._span(delivery):
                await self._apply(*delivery)

    def _traced(self, delivery: Delivery) -> Effect:
        """The effect in its message's span, as one by one: effects record the trace."""

        def effect(event: DecodedEvent, session: Session) -> None:
            with self._span(delivery):
                delivery.effect(event, session)

        return effect

    def _span(self, delivery: Delivery) -> AbstractContextManager[Span]:
        return _tracer.start_as_current_span(
            f"{self.name} apply {delivery.event.type}",
            context=context_from_headers(delivery.record.headers),
        )

    async def _apply(self, event: DecodedEvent, record: Record, effect: Effect) -> None:
        outcome = await self._apply_with_retries(event, record, effect)
        if outcome is not None:  # else dead-lettered
            self._count(event, outcome)

    def _count(self, event: DecodedEvent, outcome: Outcome) -> None:
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
                if self._runs_only and event.type in self._runs:
                    delivery = Delivery(event, record, effect)
                    [outcome] = await asyncio.to_thread(
                        self._inbox.apply_all, [delivery], self._runs
                    )
                    return outcome
                return await asyncio.to_thread(self._inbox.apply_once, event, record, effect)
            except EventRejected as e:
                await self._dead_letter(record, f"rejected by {self.name}: {e}", envelope)
                return None
            except Exception as e:
                if is_transient(e):
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
                failure = named(e)
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
