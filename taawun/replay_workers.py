"""`taawun replay --workers N` on PostgreSQL: the projections split among N processes, each
reading its own projections' topics from offset 0 and filling their new generations, so
decoding and applying use every core. The parent then locks the live generations, lets each
worker catch up to the end of every partition (the live consumer waits meanwhile), and
switches the catalog in its locking transaction once all have."""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any

from services.reporting.application.projection_ports import Generation
from services.reporting.application.replay import Progress
from services.reporting.bootstrap import build_rebuild
from shared.config import Settings


def groups(names: Sequence[str], workers: int, weight: Callable[[str], int]) -> list[list[str]]:
    """Each worker a share of the projections (none empty), heaviest first to the least
    loaded: the timeline reads every topic, most others one or two."""
    out: list[list[str]] = [[] for _ in range(min(workers, len(names)))]
    loads = [0] * len(out)
    for name in sorted(names, key=weight, reverse=True):
        lightest = loads.index(min(loads))
        out[lightest].append(name)
        loads[lightest] += weight(name)
    return [g for g in out if g]


def _worker(settings: Settings, labels: list[tuple[str, int, int]], pipe: Connection) -> None:
    asyncio.run(_work(settings, [Generation(*g) for g in labels], pipe))


async def _work(settings: Settings, generations: list[Generation], pipe: Connection) -> None:
    r = build_rebuild(settings, [g.projection for g in generations])
    await r.history.start()
    try:

        def shown(p: Progress) -> None:
            pipe.send(("progress", p.done, p.total, p.skipped))

        progress = await r.rebuild.fill(generations, shown)
        pipe.send(("filled", progress.done, progress.total, progress.skipped))
        assert pipe.recv() == "catch up"
        await r.rebuild.catch_up(generations, progress, shown)
        pipe.send(("caught up", progress.done, progress.total, progress.skipped))
    except BaseException as e:
        pipe.send(("failed", repr(e), 0, 0))
        raise
    finally:
        await r.history.stop()
        r.engine.dispose()


async def replay_in_workers(
    settings: Settings,
    names: Sequence[str],
    workers: int,
    on_progress: Callable[[Progress], None],
) -> tuple[Progress, list[Generation]]:
    """The new generations built by `workers` processes and switched to; the replaced ones."""
    r = build_rebuild(settings, names)
    generations = r.rebuild.generations(r.names)
    by_name = {g.projection: g for g in generations}
    context = multiprocessing.get_context("spawn")
    pipes: list[Connection] = []
    processes = []
    projections = r.projector.projections
    await r.history.start()
    try:  # each projection weighs the messages on its topics
        ends = await r.history.ends()
    finally:
        await r.history.stop()
    on_topic: dict[str, int] = {}
    for (topic, _), end in ends.items():
        on_topic[topic] = on_topic.get(topic, 0) + end

    def weight(name: str) -> int:
        return sum(on_topic.get(t, 0) for t in projections[name].topics) + 1

    for group in groups(r.names, workers, weight):
        parent, child = context.Pipe()
        labels = [(g.projection, g.version, g.number) for g in (by_name[n] for n in group)]
        process = context.Process(target=_worker, args=(settings, labels, child), daemon=True)
        process.start()
        pipes.append(parent)
        processes.append(process)
    seen: dict[int, tuple[Any, ...]] = {}
    total = Progress()

    async def until(state: str) -> None:
        waiting = set(range(len(pipes)))
        while waiting:
            for i in list(waiting):
                try:
                    while i in waiting and pipes[i].poll():
                        message = pipes[i].recv()
                        if message[0] == "failed":
                            raise RuntimeError(f"a replay worker failed: {message[1]}")
                        seen[i] = message
                        if message[0] == state:
                            waiting.discard(i)
                except EOFError:  # it ended without saying so
                    raise RuntimeError(f"a replay worker stopped before it {state}") from None
            total.done = sum(m[1] for m in seen.values())
            total.total = sum(m[2] for m in seen.values())
            total.skipped = sum(m[3] for m in seen.values())
            on_progress(total)
            await asyncio.sleep(0.2)

    replaced: list[Generation] = []
    try:
        await until("filled")
        with r.store.transaction() as session:
            r.store.lock_live(session, r.names)
            for pipe in pipes:
                pipe.send("catch up")
            total.phase = "catching up"
            await until("caught up")
            live = r.store.live(session)
            for g in generations:
                if g.projection in live:
                    replaced.append(live[g.projection])
                r.store.switch(session, g, total.done)
        for old in replaced:
            r.store.drop(old, r.projector.projections[old.projection])
        total.phase = "done"
        on_progress(total)
        return total, replaced
    finally:
        for process in processes:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
        r.engine.dispose()
