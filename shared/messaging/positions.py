"""Where a relay has got to in its own service's notification log, and when it last beat."""

from __future__ import annotations

from typing import Protocol

from sqlalchemy import BigInteger, Column, Float, MetaData, String, Table, select
from sqlalchemy.engine import Engine

from shared.upsert import upsert

metadata = MetaData()

relay_positions = Table(
    "relay_positions",
    metadata,
    Column("relay", String(64), primary_key=True),
    Column("position", BigInteger, nullable=False),
)

# A table of its own rather than a column of relay_positions: create_all adds missing tables
# to an existing database, never missing columns.
relay_heartbeats = Table(
    "relay_heartbeats",
    metadata,
    Column("relay", String(64), primary_key=True),
    # Wall-clock seconds (time.time()) of the relay's process, read by the HTTP processes.
    Column("beat_at", Float, nullable=False),
)


class RelayPositions(Protocol):
    def get(self, relay: str) -> int: ...

    def save(self, relay: str, position: int) -> None: ...

    def beat(self, relay: str, at: float) -> None:
        """The relay is running at wall-clock time `at`."""
        ...

    def last_beat(self, relay: str) -> float | None: ...


class SqlRelayPositions:
    """Kept in the service's own database, so a restart resumes where publishing stopped, and
    every process of the service (HTTP workers too) sees whether the relay is alive."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        metadata.create_all(engine, checkfirst=True)

    def get(self, relay: str) -> int:
        with self._engine.connect() as conn:
            found = conn.execute(
                select(relay_positions.c.position).where(relay_positions.c.relay == relay)
            ).scalar()
        return int(found or 0)

    def save(self, relay: str, position: int) -> None:
        with self._engine.begin() as conn:
            upsert(conn, relay_positions, {"relay": relay, "position": position}, key=["relay"])

    def beat(self, relay: str, at: float) -> None:
        with self._engine.begin() as conn:
            upsert(conn, relay_heartbeats, {"relay": relay, "beat_at": at}, key=["relay"])

    def last_beat(self, relay: str) -> float | None:
        with self._engine.connect() as conn:
            found = conn.execute(
                select(relay_heartbeats.c.beat_at).where(relay_heartbeats.c.relay == relay)
            ).scalar()
        return None if found is None else float(found)


class MemoryRelayPositions:
    """For the in-process bus, whose messages die with the process: start from the beginning
    each time and let the consumers' inboxes drop what they already applied."""

    def __init__(self) -> None:
        self._positions: dict[str, int] = {}
        self._beats: dict[str, float] = {}

    def get(self, relay: str) -> int:
        return self._positions.get(relay, 0)

    def save(self, relay: str, position: int) -> None:
        self._positions[relay] = position

    def beat(self, relay: str, at: float) -> None:
        self._beats[relay] = at

    def last_beat(self, relay: str) -> float | None:
        return self._beats.get(relay)
