"""Keeps the relay process of `taawun serve` running: started again whenever it dies.

A relay that dies at once (a bad setting, the database away) is started again after a delay
that doubles each time, up to a ceiling; one that ran for a while is restarted after the
first delay again. Readiness (shared/messaging/relay_watch.py) reports the gap meanwhile.
"""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from typing import Protocol

from shared.logs import get_logger

log = get_logger(__name__)


class Child(Protocol):
    """What the supervisor needs of a process (subprocess.Popen has it)."""

    @property
    def pid(self) -> int: ...

    def wait(self, timeout: float | None = None) -> int: ...

    def terminate(self) -> None: ...

    def kill(self) -> None: ...


class RelaySupervisor:
    def __init__(
        self,
        command: Sequence[str],
        *,
        first_delay: float = 1.0,
        max_delay: float = 30.0,
        steady_seconds: float = 60.0,
        spawn: Callable[[Sequence[str]], Child] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._command = list(command)
        self._first_delay = first_delay
        self._max_delay = max(max_delay, first_delay)
        self._steady_seconds = steady_seconds
        self._spawn = spawn or _popen
        self._clock = clock
        self._stopping = threading.Event()
        self._lock = threading.Lock()  # stop() and a restart must not cross
        self._child: Child | None = None
        self._thread = threading.Thread(target=self._watch, name="relay-supervisor", daemon=True)
        self.restarts = 0

    @property
    def pid(self) -> int | None:
        child = self._child
        return None if child is None else child.pid

    def start(self) -> None:
        self._child = self._start_child()
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        with self._lock:
            self._stopping.set()
            child = self._child
        if child is not None:
            child.terminate()
            try:
                child.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        if self._thread.is_alive():
            self._thread.join(timeout=timeout)

    def _start_child(self) -> Child | None:
        try:
            child = self._spawn(self._command)
        except OSError as e:
            log.error("relay.start_failed", error=repr(e))
            return None
        log.info("relay.started", pid=child.pid)
        return child

    def _watch(self) -> None:
        delay = self._first_delay
        while True:
            child, started = self._child, self._clock()
            code = child.wait() if child is not None else None
            if self._stopping.is_set():
                return
            if self._clock() - started >= self._steady_seconds:
                delay = self._first_delay
            log.warning("relay.exited", returncode=code, restart_in_seconds=delay)
            if self._stopping.wait(delay):
                return
            with self._lock:
                if self._stopping.is_set():
                    return
                self._child = self._start_child()
            self.restarts += 1
            log.warning("relay.restarted", pid=self.pid, restarts=self.restarts)
            delay = min(delay * 2, self._max_delay)


def _popen(command: Sequence[str]) -> Child:
    return subprocess.Popen(command)
