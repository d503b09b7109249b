"""One service at run time: its HTTP app, its relay and its consumers over one transport."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field

from fastapi import FastAPI

from shared.logs import get_logger
from shared.messaging.consumer import IdempotentConsumer
from shared.messaging.records import Transport
from shared.messaging.relay import Relay

log = get_logger(__name__)


@dataclass
class ServiceRuntime:
    name: str
    http: FastAPI
    transport: Transport
    topics: list[str]
    relay: Relay | None = None
    consumers: list[IdempotentConsumer] = field(default_factory=list)
    _stop: asyncio.Event = field(default_factory=asyncio.Event)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    async def start(self, run_relay: bool = True) -> None:
        await self.transport.ensure_topics(self.topics)
        await self.transport.start()
        if self.relay is not None and run_relay:
            task = asyncio.create_task(self.relay.run(self._stop))
            task.add_done_callback(self._relay_ended)
            self._tasks.append(task)
        log.info("service.started", service=self.name)

    def _relay_ended(self, task: asyncio.Task[None]) -> None:
        """Readiness reports it too (Relay.state); say it here once, with the cause."""
        if self._stop.is_set():
            return
        error = "cancelled" if task.cancelled() else repr(task.exception())
        log.error("relay.task_ended", service=self.name, error=error)

    async def stop(self) -> None:
        self._stop.set()
        if self.relay is not None:
            self.relay.wake()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(task, timeout=5)
        await self.transport.stop()
        log.info("service.stopped", service=self.name)
