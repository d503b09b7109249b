"""What the projector and the reports need from the store of projections' rows."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from services.reporting.application.rows import Changes
from services.reporting.domain.history import Kind, Row

Place = tuple[str, int]  # topic, partition
At = tuple[int, int]  # position in the origin's log, Kafka offset


@dataclass(frozen=True, order=True)
class Generation:
    """One build of one version of a projection: its own tables and positions."""

    projection: str
    version: int
    number: int

    @property
    def label(self) -> str:
        return f"{self.projection}.v{self.version}.g{self.number}"


class ProjectionStore(Protocol):
    def live(self, session: object, *, lock: bool = False) -> dict[str, Generation]:
        """The generation serving each projection. With `lock`, held until the transaction
        ends so a replay cannot switch a projection under a chunk being applied to it."""

    def positions(self, session: object, generation: Generation) -> Mapping[Place, At]: ...

    def current(
        self, session: object, generation: Generation, kind: Kind, keys: Collection[str]
    ) -> Mapping[str, Row]:
        """The rows open now (valid_to unset) of these keys."""

    def write(
        self, session: object, generation: Generation, kinds: Sequence[Kind], changes: Changes
    ) -> None: ...

    def save_positions(
        self, session: object, generation: Generation, moved: Mapping[Place, At]
    ) -> None: ...
