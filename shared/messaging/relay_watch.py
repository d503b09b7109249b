"""Whether a service's relay is publishing, judged from any of the service's processes.

The HTTP workers of `taawun serve` and the relay are separate processes: what they share is
the service's database, where the relay keeps its heartbeat and its position. The relay is
taken for down when it has never beaten, when its last heartbeat is older than the stall
time, when it ran in this process and stopped, or when events wait (lag above 0) and its
position has not moved for the stall time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class RelayState:
    beat_at: float | None  # wall-clock seconds of the relay's last heartbeat; None if never
    position: int  # the last notification the relay published (or skipped)
    head: int  # the store's highest notification id
    ended_here: str | None = None  # why a relay that ran in this process stopped


class WatchedRelay(Protocol):
    @property
    def stall_seconds(self) -> float: ...

    def state(self) -> RelayState: ...


@dataclass(frozen=True)
class RelayHealth:
    problem: str | None  # None when the relay is publishing
    lag: int


class RelayWatch:
    def __init__(self, relay: WatchedRelay, clock: Callable[[], float] = time.time) -> None:
        self._relay = relay
        self._clock = clock
        self._lock = threading.Lock()  # readiness probes may run in several threads at once
        self._stuck_at: int | None = None  # the position seen with events waiting behind it
        self._stuck_since = 0.0  # when this process first saw it there

    def health(self) -> RelayHealth:
        """Reads the database: call it from a worker thread."""
        state = self._relay.state()
        now = self._clock()
        stall = self._relay.stall_seconds
        lag = max(state.head - state.position, 0)
        with self._lock:
            stuck_for = self._stuck_for(state.position, lag, now)
        if state.ended_here is not None:
            return RelayHealth(f"the relay in this process stopped: {state.ended_here}", lag)
        if state.beat_at is None:
            return RelayHealth("the relay has not started: no heartbeat yet", lag)
        if now - state.beat_at > stall:
            return RelayHealth(f"no relay heartbeat for {now - state.beat_at:.0f} s", lag)
        if stuck_for >= stall:
            return RelayHealth(
                f"{lag} events wait and the relay has not moved for {stuck_for:.0f} s", lag
            )
        return RelayHealth(None, lag)

    def _stuck_for(self, position: int, lag: int, now: float) -> float:
        if lag == 0:
            self._stuck_at = None
            return 0.0
        if self._stuck_at != position:
            self._stuck_at, self._stuck_since = position, now
        return now - self._stuck_since
