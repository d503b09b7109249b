"""Comparing a projection's live generation with one rebuilt from the topics, row by row,
history included: every figure reporting shows must follow from the recorded events."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from services.reporting.application.projecting import Projection
from services.reporting.application.projection_ports import Generation

Rows = list[dict[str, Any]]


class RowsDump(Protocol):
    def dump(self, session: object, generation: Generation, kind: Any) -> Rows: ...


@dataclass(frozen=True)
class Difference:
    projection: str
    kind: str
    key: str | None  # a kept row's key; None for an appended fact
    live: Mapping[str, Any] | None  # the row only the live generation has
    rebuilt: Mapping[str, Any] | None  # the row only the rebuilt one has

    def __str__(self) -> str:
        where = f"{self.projection}.{self.kind}" + (f" key={self.key}" if self.key else "")
        if self.rebuilt is None:
            return f"{where}: live has a row the events do not give: {_shown(self.live)}"
        if self.live is None:
            return f"{where}: the events give a row live lacks: {_shown(self.rebuilt)}"
        return f"{where}: live {_shown(self.live)} != rebuilt {_shown(self.rebuilt)}"


def _shown(row: Mapping[str, Any] | None) -> str:
    return "{" + ", ".join(f"{k}={v}" for k, v in sorted((row or {}).items())) + "}"


def _frozen(row: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted(row.items()))


def compare(projection: str, kind: str, live: Rows, rebuilt: Rows) -> list[Difference]:
    """Rows (with their history) in one and not the other; a kept row changed in place is
    one difference naming both versions."""
    only_live = Counter(map(_frozen, live)) - Counter(map(_frozen, rebuilt))
    only_rebuilt = Counter(map(_frozen, rebuilt)) - Counter(map(_frozen, live))
    lost: dict[object, list[dict[str, Any]]] = {}
    for row, n in only_rebuilt.items():
        for _ in range(n):
            d = dict(row)
            lost.setdefault((d.get("key"), d.get("valid_from")), []).append(d)
    out: list[Difference] = []
    for row, n in only_live.items():
        for _ in range(n):
            d = dict(row)
            pair = lost.get((d.get("key"), d.get("valid_from")))
            other = pair.pop() if pair else None
            out.append(Difference(projection, kind, d.get("key"), d, other))
    for rows in lost.values():
        out += [Difference(projection, kind, r.get("key"), None, r) for r in rows]
    return sorted(out, key=lambda d: (d.kind, str(d.key)))


def differences(
    dumps: RowsDump,
    session: object,
    projection: Projection,
    live: Generation,
    rebuilt: Generation,
) -> list[Difference]:
    out: list[Difference] = []
    for kind in projection.kinds:
        out += compare(
            projection.name,
            kind.name,
            dumps.dump(session, live, kind),
            dumps.dump(session, rebuilt, kind),
        )
    return out


def differences_of_all(
    dumps: RowsDump,
    session: object,
    projections: Mapping[str, Projection],
    live: Mapping[str, Generation],
    rebuilt: Sequence[Generation],
) -> list[Difference]:
    out: list[Difference] = []
    for g in rebuilt:
        current = live.get(g.projection)
        if current is None or current.version != g.version:
            raise LookupError(f"{g.projection}: no live generation of v{g.version} to check")
        out += differences(dumps, session, projections[g.projection], current, g)
    return out
