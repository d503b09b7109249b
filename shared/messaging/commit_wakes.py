"""What tells a relay that events were just committed to its log, whichever process of its
service committed them.

Every save of an event store on PostgreSQL sends a NOTIFY on the store's channel in its
transaction (eventsourcing-sqlalchemy's recorder, and intake's register), delivered when it
commits. `ListenForCommits` LISTENs on that channel and wakes the relay on each: a relay in
a process of its own (`taawun relay`, beside several HTTP workers) and events stored by a
consumer (grants' proposals) are then published at once, not at the relay's next poll. The
poll stays, for a notice lost while the listening connection was down.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, Protocol

import psycopg
from eventsourcing.application import Application

from shared.config import Settings
from shared.eventsourcing_internals import notify_channel, postgres_dsn_of
from shared.logs import get_logger

log = get_logger(__name__)

RECONNECT_SECONDS = 1.0


class CommitWakes(Protocol):
    async def follow(self, woken: Callable[[], None]) -> None:
        """Call `woken` each time events are committed, until cancelled."""


class ListenForCommits:
    def __init__(self, dsn: str, channel: str) -> None:
        self._dsn = dsn
        self._channel = channel

    async def follow(self, woken: Callable[[], None]) -> None:
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(
                    self._dsn, autocommit=True
                ) as connection:
                    await connection.execute(f"LISTEN {self._channel}")
                    woken()  # commits while it was not listening: look once
                    async for _ in connection.notifies():
                        woken()
            except (psycopg.Error, OSError) as e:  # database away: the relay polls meanwhile
                log.warning("relay.listen_failed", channel=self._channel, error=repr(e))
            await asyncio.sleep(RECONNECT_SECONDS)


def commit_wakes_for(app: Application[Any], settings: Settings) -> CommitWakes | None:
    """A listener on the store's channel on PostgreSQL (unless `relay_listen` is off); else
    none: the relay polls."""
    dsn = postgres_dsn_of(app)
    if not settings.relay_listen or dsn is None:
        return None
    return ListenForCommits(dsn, notify_channel(app.recorder))
