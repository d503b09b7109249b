"""Where a relay has got to in its own service's notification log."""

from __future__ import annotations

from typing import Protocol

from sqlalchemy import BigInteger, Column, MetaData, String, Table, select, update
from sqlalchemy.engine import Engine

metadata = MetaData()

relay_positions = Table(
    "relay_positions",
    metadata,
    Column("relay", String(64), primary_key=True),
    Column("position", BigInteger, nullable=False),
)


class RelayPositions(Protocol):
    def get(self, relay: str) -> int: ...

    def save(self, relay: str, position: int) -> None: ...


class SqlRelayPositions:
    """Kept in the service's own database, so a restart resumes where publishing stopped."""

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
            changed = conn.execute(
                update(relay_positions)
                .where(relay_positions.c.relay == relay)
                .values(position=position)
            ).rowcount
            if not changed:
                conn.execute(relay_positions.insert().values(relay=relay, position=position))


class MemoryRelayPositions:
    """For the in-process bus, whose messages die with the process: start from the beginning
    each time and let the consumers' inboxes drop what they already applied."""

    def __init__(self) -> None:
        self._positions: dict[str, int] = {}

    def get(self, relay: str) -> int:
        return self._positions.get(relay, 0)

    def save(self, relay: str, position: int) -> None:
        self._positions[relay] = position
