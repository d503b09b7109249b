"""Preparing an import's batches in worker processes, answered in file order.

Checking, hashing, sealing and encoding rows (preparing.py) is pure Python work that needs no
database: with a pool of processes it runs on the other cores while this process writes
the batch before. The writer still takes the batches one by one in file order, so what
becomes of each row (a duplicate of which earlier row, flagged against which record) is
the same as without the pool.

Workers are forked from multiprocessing's fork server (spawned once per process, with the
modules preloaded), never from this process, which may be a server running threads. Until
they are up (a second or more, the first time), this process prepares the batches itself;
small files are prepared here from the start.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.context import BaseContext

from services.intake.application.imports.preparing import NumberedRow, PreparedRow, Preparer

# Below this many rows a pool's start-up costs more than it saves.
POOL_MIN_ROWS = 20_000
# Batches handed out ahead of the writer, per worker: enough to keep everyone busy.
AHEAD_PER_WORKER = 2

# How much lower the workers' scheduling priority is than the writer's.
WORKER_NICENESS = 10

# Prepare batches here until the workers are up (tests turn it off to exercise them).
PREPARE_WHILE_STARTING = True

_preparer: Preparer | None = None


def default_workers() -> int:
    """One worker per core: the writer and PostgreSQL mostly wait on each other."""
    return max(1, os.cpu_count() or 1)


def _start(preparer: Preparer) -> None:
    global _preparer
    _preparer = preparer
    # The writer and the database are the import's critical path, and the workers run
    # ahead of them: when the cores are short, they should be the ones to wait.
    os.nice(WORKER_NICENESS)


def _started() -> bool:
    return _preparer is not None


def _probe(pool: ProcessPoolExecutor, workers: int) -> list[Future[bool]]:
    return [pool.submit(_started) for _ in range(workers)]


def _up(starting: threading.Thread, started: list[Future[bool]]) -> bool:
    return not starting.is_alive() and all(f.done() for f in started)


def _context() -> BaseContext:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return context


def _prepare(batch: list[NumberedRow]) -> list[PreparedRow]:
    assert _preparer is not None, "worker not started"
    return _preparer.prepare(batch)


def prepared_batches(
    batches: Iterable[list[NumberedRow]], preparer: Preparer, workers: int
) -> Iterator[list[PreparedRow]]:
    """Each batch prepared, in order; by `workers` processes when more than one."""
    if workers <= 1:
        yield from (preparer.prepare(batch) for batch in batches)
        return
    with ProcessPoolExecutor(workers, _context(), initializer=_start, initargs=(preparer,)) as pool:
        # The first submit launches the workers and waits for them: not in this thread.
        started: list[Future[bool]] = []
        starting = threading.Thread(target=lambda: started.extend(_probe(pool, workers)))
        starting.start()
        pending: deque[Future[list[PreparedRow]]] = deque()
        try:
            for batch in batches:
                if PREPARE_WHILE_STARTING and not pending and not _up(starting, started):
                    yield preparer.prepare(batch)
                    continue
                pending.append(pool.submit(_prepare, batch))
                if len(pending) >= workers * AHEAD_PER_WORKER:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
            starting.join()
