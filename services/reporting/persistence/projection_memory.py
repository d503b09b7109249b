"""Projections' rows in memory, for unit tests: the same port as the SQL store, and a
transaction that leaves everything as it was when it fails."""

from __future__ import annotations

import copy
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from services.reporting.application.projecting import Projection
from services.reporting.application.projection_ports import At, Generation, Place
from services.reporting.application.rows import Changes
from services.reporting.domain.counts import BeneficiaryGroup
from services.reporting.domain.decisions import DecisionGroup
from services.reporting.domain.history import Kind, Row


class MemoryProjectionStore:
    def __init__(self, projections: Sequence[Projection]) -> None:
        self.catalog = {p.name: Generation(p.name, p.version, 1) for p in projections}
        self.rows: dict[tuple[Generation, str], list[dict[str, Any]]] = {}
        self.at: dict[Generation, dict[Place, At]] = {}

    @contextmanager
    def transaction(self) -> Iterator[None]:
        saved = copy.deepcopy((self.catalog, self.rows, self.at))
        try:
            yield None
        except BaseException:
            self.catalog, self.rows, self.at = saved
            raise

    def live(self, session: object, *, lock: bool = False) -> dict[str, Generation]:
        return dict(self.catalog)

    def positions(self, session: object, generation: Generation) -> Mapping[Place, At]:
        return dict(self.at.get(generation, {}))

    def current(
        self, session: object, generation: Generation, kind: Kind, keys: Collection[str]
    ) -> Mapping[str, Row]:
        wanted = set(keys)
        return {
            r["key"]: {f: r[f] for f in kind.field_names()}
            for r in self.rows.get((generation, kind.name), [])
            if r["key"] in wanted and r["valid_to"] is None
        }

    def write(
        self, session: object, generation: Generation, kinds: Sequence[Kind], changes: Changes
    ) -> None:
        for kind in kinds:
            table = self.rows.setdefault((generation, kind.name), [])
            for key, at in changes.closed.get(kind.name, {}).items():
                for r in table:
                    if r["key"] == key and r["valid_to"] is None:
                        r["valid_to"] = at
            table += [dict(r) for r in changes.opened.get(kind.name, [])]
            table += [dict(r) for r in changes.appended.get(kind.name, [])]

    def save_positions(
        self, session: object, generation: Generation, moved: Mapping[Place, At]
    ) -> None:
        self.at.setdefault(generation, {}).update(moved)

    def valid(
        self, projection: str, kind: str, as_of: datetime | None = None
    ) -> list[dict[str, Any]]:
        """The kind's rows valid at `as_of` (now: still open) in the live generation."""
        rows = self.rows.get((self.catalog[projection], kind), [])
        if as_of is None:
            return [r for r in rows if r.get("valid_to", None) is None]
        moment = as_of.astimezone(UTC)
        return [
            r
            for r in rows
            if ("at" in r and r["at"] <= moment)
            or (
                "valid_from" in r
                and r["valid_from"] <= moment
                and (r["valid_to"] is None or r["valid_to"] > moment)
            )
        ]


class MemoryTallies:
    def __init__(self, store: MemoryProjectionStore) -> None:
        self._store = store

    def beneficiary_groups(self) -> list[BeneficiaryGroup]:
        groups: dict[tuple[str, str, frozenset[str]], int] = {}
        for r in self._store.valid("beneficiaries", "beneficiary"):
            if r["counted"]:
                cats = frozenset(c for c in str(r["categories"]).split(",") if c)
                key = (r["province_code"], r["status"], cats)
                groups[key] = groups.get(key, 0) + 1
        return [BeneficiaryGroup(p, s, c, n) for (p, s, c), n in groups.items()]

    def decision_groups(self) -> list[DecisionGroup]:
        groups: dict[tuple[str, str, str], int] = {}
        for r in self._store.valid("decisions", "decision"):
            key = (r["province_code"], r["programme_id"], r["status"])
            groups[key] = groups.get(key, 0) + 1
        return [DecisionGroup(p, UUID(g), s, n) for (p, g, s), n in groups.items()]
