"""Building projections again from offset 0 of their topics, beside the live ones.

A *rebuild* makes a new generation of each projection named (its code's version), reads
every message of their topics from the start into it while the live generations keep
serving, then catches up: it locks the live generations (the live consumer waits at its
next chunk), reads what was published meanwhile up to the end of every partition, and either
switches reads and the live consumer to the new generations in that same transaction
(`taawun replay`) or compares them with the live ones row by row and drops them
(`taawun audit check`). Under the lock nothing the live generations have applied can be
missing from the new ones: everything they applied was on the topics before the lock.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Protocol

from services.reporting.application.projecting import Delivered, Projection, Projector
from services.reporting.application.projection_ports import Generation, Place
from shared.contracts import ContractError, ContractRegistry
from shared.messaging.records import Record


class TopicHistory(Protocol):
    """The topics read from their first offset, in order per partition."""

    async def ends(self) -> dict[Place, int]:
        """Per partition, the offset the next message will get."""

    def read(self, until: Mapping[Place, int]) -> AsyncIterator[Sequence[Record]]:
        """Batches of what follows what was read before, up to (not including) `until`."""


class RebuildStore(Protocol):
    def transaction(self) -> AbstractContextManager[object]: ...

    def live(self, session: object, *, lock: bool = False) -> dict[str, Generation]: ...

    def create(self, generation: Generation, projection: Projection) -> None: ...

    def drop(self, generation: Generation, projection: Projection) -> None: ...

    def lock_live(self, session: object, names: Sequence[str]) -> None:
        """Hold the live generations of these projections until the transaction ends: the
        live consumer's chunks wait."""

    def switch(self, session: object, generation: Generation, events: int) -> None: ...


@dataclass
class Progress:
    """How far a rebuild has got; `total` grows when it catches up with what came since."""

    done: int = 0
    total: int = 0
    skipped: int = 0  # messages no contract reads (they were dead-lettered live too)
    started: float = field(default_factory=time.monotonic)
    phase: str = "reading"

    @property
    def per_second(self) -> float:
        return self.done / max(time.monotonic() - self.started, 1e-9)


OnProgress = Callable[[Progress], None]


class Rebuild:
    def __init__(
        self,
        projector: Projector,
        store: RebuildStore,
        history: TopicHistory,
        registry: ContractRegistry,
        *,
        chunk: int = 5_000,
    ) -> None:
        self._projector = projector
        self._store = store
        self._history = history
        self._registry = registry
        self._chunk = chunk

    def generations(self, names: Sequence[str]) -> list[Generation]:
        """The next generation of each projection, at its code's version."""
        with self._store.transaction() as session:
            live = self._store.live(session)
        out = []
        for name in names:
            projection = self._projector.projections[name]
            current = live.get(name)
            number = current.number + 1 if current is not None else 1
            out.append(Generation(name, projection.version, number))
        return out

    async def build(
        self,
        generations: Sequence[Generation],
        finish: Callable[[object, Sequence[Generation], Progress], None],
        on_progress: OnProgress = lambda _: None,
    ) -> Progress:
        """Read everything into `generations`, then lock the live ones, read the rest and
        call `finish` in that transaction (switch, or compare)."""
        progress = await self.fill(generations, on_progress)
        with self._store.transaction() as session:
            self._store.lock_live(session, [g.projection for g in generations])
            await self.catch_up(generations, progress, on_progress, session)
            progress.phase = "finishing"
            on_progress(progress)
            finish(session, generations, progress)
        progress.phase = "done"
        on_progress(progress)
        return progress

    async def fill(
        self, generations: Sequence[Generation], on_progress: OnProgress = lambda _: None
    ) -> Progress:
        """The generations made empty, then given everything on the topics now."""
        for g in generations:
            self._store.create(g, self._projector.projections[g.projection])
        progress = Progress()
        ends = await self._history.ends()
        progress.total = sum(ends.values())
        await self._read_into(generations, ends, progress, on_progress, session=None)
        return progress

    async def catch_up(
        self,
        generations: Sequence[Generation],
        progress: Progress,
        on_progress: OnProgress = lambda _: None,
        session: object | None = None,
    ) -> None:
        """What was published since, to the end of every partition now: once the live
        generations are locked, everything they applied."""
        progress.phase = "catching up"
        ends = await self._history.ends()
        progress.total = max(progress.total, sum(ends.values()))
        await self._read_into(generations, ends, progress, on_progress, session=session)

    async def _read_into(
        self,
        generations: Sequence[Generation],
        until: Mapping[Place, int],
        progress: Progress,
        on_progress: OnProgress,
        session: object | None,
    ) -> None:
        pending: list[Delivered] = []
        # A chunk is applied in a worker thread while the next is read and decoded: the
        # database's turn and Python's overlap.
        applying: asyncio.Future[None] | None = None
        # A message of a type none of these projections reads is not decoded (its
        # `event-type` header says so): a worker given a few projections reads their topics'
        # other messages for nothing.
        wanted = {
            t for g in generations for t in self._projector.projections[g.projection].handlers
        }
        async for records in self._history.read(until):
            for record in records:
                progress.done += 1
                kind = record.header("event-type")
                if kind is not None and kind not in wanted:
                    continue
                try:
                    if record.value is None:
                        raise ContractError("null value")
                    event = self._registry.decode(record.value)
                except (ContractError, ValueError):
                    progress.skipped += 1
                    continue
                pending.append(Delivered(event, record.topic, record.partition, record.offset))
            if len(pending) >= self._chunk:
                if applying is not None:
                    await applying
                applying = asyncio.ensure_future(
                    asyncio.to_thread(self._apply, generations, pending, session)
                )
                pending = []
                on_progress(progress)
        if applying is not None:
            await applying
        if pending:
            await asyncio.to_thread(self._apply, generations, pending, session)
        on_progress(progress)

    def _apply(
        self, generations: Sequence[Generation], chunk: Sequence[Delivered], session: object | None
    ) -> None:
        if session is not None:
            self._projector.apply(session, chunk, generations)
            return
        with self._store.transaction() as own:
            self._projector.apply(own, chunk, generations)
