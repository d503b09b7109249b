"""Projections and the projector that applies intake's and grants' messages to them.

A projection is a name, a version, the kinds of rows it keeps and one handler per event type
it reads. Its rows live in a *generation* of tables: the live one serves reads and follows
the topics; a replay builds the next one beside it and switches reads to it at once
(application/replay.py). Changing a projection's code means a new version, built the same
way: the live generation of the old version is left as it is until then.

Each generation records, per topic and partition, the position (in the origin's log) of the
last message it applied, in the same transaction as its rows: a message at or below it was
applied before and changes nothing, whether it comes again from Kafka, from a relay that
re-sent it, or from the live consumer after a replay took over.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from pydantic import BaseModel

from services.reporting.application.projection_ports import Generation, ProjectionStore
from services.reporting.application.rows import Rows
from services.reporting.domain.history import Kind
from shared.contracts import DecodedEvent, Envelope

Handler = Callable[[BaseModel, Envelope, Rows], None]
Reads = Callable[[BaseModel], Iterable[tuple[str, str]]]  # the (kind, key) rows it will get
# Rows it will get that depend on rows already read (a beneficiary's category rows).
ReadsThen = Callable[[BaseModel, Rows], Iterable[tuple[str, str]]]


@dataclass(frozen=True)
class On:
    """What a projection does with one type of event, and which rows it reads (loaded for
    the whole chunk at once; a row it reads without saying so is loaded on its own)."""

    handle: Handler
    reads: Reads | None = None
    then_reads: ReadsThen | None = None


@dataclass(frozen=True)
class Projection:
    name: str
    version: int
    description: str
    topics: tuple[str, ...]
    kinds: tuple[Kind, ...]
    handlers: Mapping[str, On] = field(default_factory=dict)

    def kind(self, name: str) -> Kind:
        for kind in self.kinds:
            if kind.name == name:
                return kind
        raise KeyError(f"{self.name} keeps no {name}")


class Delivered(NamedTuple):
    """A decoded message and where it was read."""

    event: DecodedEvent
    topic: str
    partition: int
    offset: int


class Projector:
    def __init__(self, projections: Sequence[Projection], store: ProjectionStore) -> None:
        self.projections = {p.name: p for p in projections}
        self._store = store

    def event_types(self) -> set[str]:
        return {t for p in self.projections.values() for t in p.handlers}

    def topics(self) -> list[str]:
        return sorted({t for p in self.projections.values() for t in p.topics})

    def apply(
        self,
        session: object,
        messages: Sequence[Delivered],
        generations: Sequence[Generation] | None = None,
    ) -> int:
        """Apply the messages, in order, to the given generations (by default the live ones
        of the code's versions), in the caller's transaction; how many were applied."""
        if generations is None:
            generations = self.live(session)
        applied = 0
        for generation in generations:
            projection = self.projections[generation.projection]
            applied += self._apply_to(session, projection, generation, messages)
        return applied

    def live(self, session: object) -> list[Generation]:
        """The live generations this code can maintain (a projection whose code moved to a
        new version waits for a replay to build it)."""
        live = self._store.live(session, lock=True)
        return [
            g
            for name, g in live.items()
            if name in self.projections and g.version == self.projections[name].version
        ]

    def _apply_to(
        self,
        session: object,
        projection: Projection,
        generation: Generation,
        messages: Sequence[Delivered],
    ) -> int:
        before = self._store.positions(session, generation)
        positions = dict(before)
        todo: list[Delivered] = []
        for m in messages:
            place = (m.topic, m.partition)
            seen = positions.get(place)
            if m.topic not in projection.topics or (
                seen is not None and m.event.envelope.position <= seen[0]
            ):
                continue
            positions[place] = (m.event.envelope.position, m.offset)
            if m.event.type in projection.handlers:
                todo.append(m)
        moved = {place: at for place, at in positions.items() if before.get(place) != at}
        rows = Rows(
            projection.kinds,
            lambda kind, keys: self._store.current(session, generation, kind, keys),
        )
        self._prefetch(projection, rows, todo)
        for m in todo:
            rows.at = m.event.envelope.occurred_at
            projection.handlers[m.event.type].handle(m.event.payload, m.event.envelope, rows)
        changes = rows.changes()
        if changes:
            self._store.write(session, generation, projection.kinds, changes)
        self._store.save_positions(session, generation, moved)
        return len(todo)

    @staticmethod
    def _prefetch(projection: Projection, rows: Rows, todo: Sequence[Delivered]) -> None:
        for stage in ("reads", "then_reads"):
            wanted: dict[str, list[str]] = {}
            for m in todo:
                on = projection.handlers[m.event.type]
                reads: Iterable[tuple[str, str]] = ()
                if stage == "reads" and on.reads is not None:
                    reads = on.reads(m.event.payload)
                elif stage == "then_reads" and on.then_reads is not None:
                    reads = on.then_reads(m.event.payload, rows)
                for kind, key in reads:
                    wanted.setdefault(kind, []).append(key)
            for kind, keys in wanted.items():
                rows.prefetch(kind, keys)
