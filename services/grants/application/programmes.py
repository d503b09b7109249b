"""The programmes grants runs: the reference ones seeded once, their cycles opened and their
ceilings and thresholds changed by admins (each change an event with who and why)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from uuid import UUID

from services.grants.application.ports import (
    HistoryEntry,
    RecordChangedMeanwhile,
    Records,
    Saves,
)
from services.grants.domain.programme import Programme
from services.grants.domain.programme_terms import Cycle
from services.grants.domain.reference_programmes import shipped_programmes
from shared.money import Money


class NoProgramme(LookupError):
    def __init__(self, programme_id: UUID) -> None:
        super().__init__(f"no programme {programme_id}")
        self.programme_id = programme_id


class ProgrammeCatalogue:
    def __init__(self, programmes: Records[Programme], saves: Saves) -> None:
        self._programmes = programmes
        self._saves = saves

    def seed_reference_programmes(self, actor: str = "grants") -> int:
        """Store the shipped programmes not stored yet; how many this call stored. Replicas
        starting together race harmlessly: the ids come from the codes, a second one collides."""
        stored = 0
        for programme in shipped_programmes(actor):
            if self._programmes.get(programme.id) is not None:
                continue
            try:
                self._saves.save(programme)
            except RecordChangedMeanwhile:
                continue  # another replica stored it first
            stored += 1
        return stored

    def programme(self, programme_id: UUID, *, as_of: datetime | None = None) -> Programme:
        found = self._programmes.get(programme_id, as_of=as_of)
        if found is None:
            raise NoProgramme(programme_id)
        return found

    def find(self, programme_id: UUID) -> Programme | None:
        return self._programmes.get(programme_id)

    def by_code(self, code: str) -> Programme | None:
        return self.find(Programme.create_id(code))

    def all(self) -> list[Programme]:
        return sorted(self._programmes.all(), key=lambda p: p.terms.code)

    def history(self, programme_id: UUID) -> list[HistoryEntry]:
        return self._programmes.history(programme_id)

    def open_cycle(self, programme_id: UUID, key: str, *, actor: str, reason: str) -> Programme:
        def act(programme: Programme) -> None:
            programme.open_cycle(Cycle(programme.terms.cycle_kind, key), actor=actor, reason=reason)

        return self._change(programme_id, act)

    def change_ceiling(
        self, programme_id: UUID, ceiling: Money, *, actor: str, reason: str
    ) -> Programme:
        return self._change(
            programme_id,
            lambda p: p.change_ceiling(ceiling.centimes, actor=actor, reason=reason),
        )

    def change_second_approval_threshold(
        self, programme_id: UUID, threshold: Money | None, *, actor: str, reason: str
    ) -> Programme:
        centimes = None if threshold is None else threshold.centimes
        return self._change(
            programme_id,
            lambda p: p.change_second_approval_threshold(centimes, actor=actor, reason=reason),
        )

    def _change(self, programme_id: UUID, act: Callable[[Programme], None]) -> Programme:
        """Raises `RecordChangedMeanwhile` (409) if another admin changed it first."""
        programme = self.programme(programme_id)
        act(programme)
        self._saves.save(programme)
        return programme
