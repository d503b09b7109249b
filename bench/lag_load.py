"""The projection lag bench's load: commands sent at a fixed rate whatever the answers do
(open loop: each is due at start + i / rate and sent then, even while earlier ones wait), over
plain keep-alive sockets (bench/sms_gateway.py's client: httpx's pool costs more CPU than the
services it drives on this machine)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bench.sms_gateway import GatewayConnection

MAX_CONNECTIONS = 256  # per service; past this a command waits for a connection


class Connections:
    """Keep-alive connections to one service, used in turn (FIFO: none idles long enough for
    uvicorn's 5 s keep-alive to close it under load)."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._idle: asyncio.Queue[GatewayConnection] = asyncio.Queue()
        self._opened = 0

    async def post(self, path: str, body: Any, headers: dict[str, str]) -> tuple[int, Any]:
        connection = await self._take()
        try:
            answer = await connection.post(path, body, headers)
        except BaseException:
            self._opened -= 1
            await connection.close()
            raise
        self._idle.put_nowait(connection)
        return answer

    async def _take(self) -> GatewayConnection:
        if self._idle.empty() and self._opened < MAX_CONNECTIONS:
            self._opened += 1
            try:
                return await GatewayConnection.open(self._url)
            except BaseException:
                self._opened -= 1
                raise
        return await self._idle.get()

    async def close(self) -> None:
        while not self._idle.empty():
            await self._idle.get_nowait().close()


# A command: sent at its due time, it answers the key whose row will show its effect.
Command = Callable[[int], Awaitable[str]]


@dataclass
class Sent:
    """What the load did: per command, how late it left and how long its answer took."""

    due: int = 0
    accepted: int = 0
    failed: list[str] = field(default_factory=list)
    late: list[float] = field(default_factory=list)  # seconds after its due time
    answered_in: dict[bool, list[float]] = field(default_factory=dict)  # by `kind(i)`
    sending: float = 0.0  # seconds from the first due time to the last command sent
    seconds: float = 0.0  # from the first due time to the last answer

    def rate(self) -> float:
        """Commands sent per second (the open loop's achieved rate)."""
        return self.due / self.sending if self.sending else 0.0


async def at_fixed_rate(
    rate: float,
    seconds: float,
    command: Command,
    accepted: Callable[[int, str, float], None],
    kind: Callable[[int], bool] = lambda _: True,
) -> Sent:
    """Command i at start + i / rate for `seconds`; `accepted(i, key, at)` as each answers;
    the answers' times apart by `kind(i)`."""
    sent = Sent()
    tasks: set[asyncio.Task[None]] = set()
    start = time.monotonic()

    async def one(i: int, due: float) -> None:
        begun = time.monotonic()
        sent.late.append(begun - due)
        try:
            key = await command(i)
        except Exception as e:
            sent.failed.append(f"{type(e).__name__}: {e}"[:200])
            return
        at = time.monotonic()
        sent.answered_in.setdefault(kind(i), []).append(at - begun)
        sent.accepted += 1
        accepted(i, key, at)

    i = 0
    while (due := start + i / rate) < start + seconds:
        pause = due - time.monotonic()
        if pause > 0:
            await asyncio.sleep(pause)
        task = asyncio.create_task(one(i, due))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
        i += 1
    sent.due = i
    sent.sending = time.monotonic() - start
    if tasks:
        await asyncio.gather(*tasks)
    sent.seconds = time.monotonic() - start
    return sent


def percentiles(values: list[float]) -> dict[str, float]:
    """p50, p95, p99 and max (nearest rank), in the values' unit; empty: all zero."""
    if not values:
        return {"p50": 0.0, "p95": 0.0, "p99": 0.0, "max": 0.0}
    ordered = sorted(values)

    def rank(p: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, round(p * len(ordered)) - 1))]

    return {"p50": rank(0.50), "p95": rank(0.95), "p99": rank(0.99), "max": ordered[-1]}


def shown(values: list[float]) -> str:
    """Seconds as 'p50 12.3 ms, p95 ..., p99 ..., max ...'."""
    found = percentiles(values)
    return ", ".join(f"{name} {v * 1000:.1f} ms" for name, v in found.items())
