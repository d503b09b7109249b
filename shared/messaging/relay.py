"""The outbox relay: the notification log of a service's own event store is the outbox.

Read past the saved position, translate each stored event into its integration event, publish
the batch and wait for every acknowledgement, then save the new position. A crash between
publishing and saving re-sends the batch (at-least-once); the consumers' inboxes drop repeats.
While it runs it beats (a heartbeat row beside its position) so that every process of the
service can tell whether it is alive (shared/messaging/relay_watch.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from eventsourcing.application import Application
from eventsourcing.domain import DomainEvent

from shared.config import Settings
from shared.contracts import ContractRegistry, Envelope, default_registry
from shared.contracts.base import Contract
from shared.eventstore import engine_of, read_notifications
from shared.logs import get_logger
from shared.messaging.commit_wakes import CommitWakes, commit_wakes_for
from shared.messaging.positions import RelayPositions, SqlRelayPositions
from shared.messaging.records import OutboundMessage, Transport
from shared.messaging.relay_watch import RelayState

log = get_logger(__name__)


@dataclass(frozen=True)
class Publication:
    """What one stored event becomes on the wire."""

    topic: str
    payload: Contract
    # False: the event's free-text reason stays in the service (it may name sensitive data).
    reason_published: bool = True


Translate = Callable[[Any], Publication | None]


class Relay:
    def __init__(
        self,
        *,
        app: Application[Any],
        translate: Translate,
        registry: ContractRegistry,
        transport: Transport,
        positions: RelayPositions,
        batch_size: int = 500,
        poll_seconds: float = 0.2,
        linger_seconds: float = 0.02,
        stall_seconds: float = 15.0,
        commits: CommitWakes | None = None,
    ) -> None:
        self.name = f"{app.name.lower()}-relay"
        self._app = app
        self._origin = app.name.lower()
        self._translate = translate
        self._registry = registry
        self._transport = transport
        self._positions = positions
        self._batch_size = batch_size
        self._poll_seconds = poll_seconds
        self._linger_seconds = linger_seconds
        self.stall_seconds = stall_seconds
        self._commits = commits
        self._wake = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ended: str | None = None

    def wake(self) -> None:
        """A command just stored events: publish now rather than at the next poll. Safe from
        any thread (FastAPI runs plain `def` handlers in worker threads)."""
        try:
            on_loop = asyncio.get_running_loop() is self._loop
        except RuntimeError:
            on_loop = False
        if on_loop or self._loop is None:
            self._wake.set()  # no relay loop in this process: nobody waits on the event
        else:
            self.wake_threadsafe()

    def wake_threadsafe(self) -> None:
        """`wake` from another thread: the loop sets the event (asyncio's is not thread-safe)."""
        loop = self._loop
        if loop is None:
            return  # the relay does not run in this process
        with contextlib.suppress(RuntimeError):  # the loop has closed: nothing left to wake
            loop.call_soon_threadsafe(self._wake.set)

    def state(self) -> RelayState:
        """What the relay left in the database, and how it fared in this process."""
        head = self._app.recorder.max_notification_id() or 0
        return RelayState(
            beat_at=self._positions.last_beat(self.name),
            position=self._positions.get(self.name),
            head=head,
            ended_here=self._ended,
        )

    def _read_batch(self, position: int) -> tuple[int, int, list[OutboundMessage]]:
        """(notifications read, last position read, messages to publish)."""
        notifications = read_notifications(self._app, position, self._batch_size)
        messages = []
        for notification in notifications:
            event = self._app.mapper.to_domain_event(notification)
            assert isinstance(event, DomainEvent)
            message = self._message_for(event, notification.id)
            if message is not None:
                messages.append(message)
        last = notifications[-1].id if notifications else position
        return len(notifications), last, messages

    def _message_for(self, event: DomainEvent, position: int) -> OutboundMessage | None:
        publication = self._translate(event)
        if publication is None:
            return None
        payload = publication.payload
        self._registry.check_registered(payload)
        value = Envelope.encode_fields(
            payload,
            origin=self._origin,
            position=position,
            aggregate_id=event.originator_id,
            aggregate_version=event.originator_version,
            occurred_at=event.timestamp,
            actor=getattr(event, "actor", "system"),
            reason=getattr(event, "reason", None) if publication.reason_published else None,
        )
        headers = {"event-type": payload.TYPE, "schema-version": str(payload.VERSION)}
        traceparent = getattr(event, "traceparent", None)
        if traceparent:
            headers["traceparent"] = traceparent
        return OutboundMessage(
            topic=publication.topic,
            key=str(event.originator_id).encode(),
            value=value,
            headers=headers,
        )

    async def publish_pending(self) -> int:
        """Publish one batch; return how many notifications it covered."""
        position = await asyncio.to_thread(self._positions.get, self.name)
        count, last, messages = await asyncio.to_thread(self._read_batch, position)
        if count == 0:
            return 0
        if messages:
            await self._transport.publish(messages)
        await asyncio.to_thread(self._positions.save, self.name, last)
        return count

    async def drain(self) -> int:
        """Publish until the log is exhausted (a batch shorter than the batch size: caught up;
        reading again at once would fetch a few events, each read paying a query, a round of
        acks and a position save); return how many notifications that covered.

        The next batch is read and translated while the current one waits for its acks; batches
        are still sent one after another, and a position is saved only after its acks.
        """
        total = 0
        position = await asyncio.to_thread(self._positions.get, self.name)
        reading = asyncio.ensure_future(asyncio.to_thread(self._read_batch, position))
        try:
            while True:
                count, last, messages = await reading
                if count == 0:
                    return total
                caught_up = count < self._batch_size
                if not caught_up:
                    reading = asyncio.ensure_future(asyncio.to_thread(self._read_batch, last))
                if messages:
                    await self._transport.publish(messages)
                await asyncio.to_thread(self._positions.save, self.name, last)
                total += count
                if caught_up:
                    return total
        finally:
            if not reading.done():
                await asyncio.gather(reading, return_exceptions=True)

    async def run(self, stop: asyncio.Event) -> None:
        self._loop = asyncio.get_running_loop()
        self._ended = None
        helpers = [asyncio.create_task(self._keep_beating(stop))]
        if self._commits is not None:  # any process's commits wake it, not only this one's
            helpers.append(asyncio.create_task(self._commits.follow(self._wake.set)))
        try:
            await self._publish_until(stop)
            self._ended = "stopped"
        except BaseException as e:
            self._ended = "cancelled" if isinstance(e, asyncio.CancelledError) else repr(e)
            raise
        finally:
            for helper in helpers:
                helper.cancel()
            await asyncio.gather(*helpers, return_exceptions=True)

    async def _keep_beating(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await asyncio.to_thread(self._positions.beat, self.name, time.time())
            except Exception as e:  # database away: readiness will say so
                log.warning("relay.heartbeat_failed", relay=self.name, error=repr(e))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.stall_seconds / 5)

    async def _publish_until(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            self._wake.clear()
            try:
                await self.drain()
            except Exception as e:  # broker or database away: keep the position, retry
                log.warning("relay.publish_failed", relay=self.name, error=repr(e))
                await asyncio.sleep(1.0)
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self._poll_seconds)
                # Woken by a command: let the commands committing beside it land too, so that
                # one read and one round of acks carry many events, not one each.
                await asyncio.sleep(self._linger_seconds)


def relay_for(
    app: Application[Any],
    translate: Translate,
    transport: Transport,
    settings: Settings,
    positions: RelayPositions | None = None,
) -> Relay:
    """A relay whose position lives in the service's own database unless told otherwise,
    woken by its store's commits where the database tells them."""
    return Relay(
        app=app,
        translate=translate,
        registry=default_registry(),
        transport=transport,
        positions=positions or SqlRelayPositions(engine_of(app)),
        batch_size=settings.relay_batch_size,
        poll_seconds=settings.relay_poll_seconds,
        stall_seconds=settings.relay_stall_seconds,
        commits=commit_wakes_for(app, settings),
    )
