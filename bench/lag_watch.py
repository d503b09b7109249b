"""The projection lag bench's eye on reporting: its database polled directly, every few
milliseconds, for the rows that show a command's effect.

Each poll reads the rows with a row_id above the last one seen in the live generation's
tables (named from rp_catalog) of two kinds: `beneficiaries`' beneficiary rows (an enrolment
is visible when its beneficiary's first row is there) and `decisions`' decision rows (an
approval is visible when its decision has a row whose status is no longer `proposed`; an
enrolment's proposals when the first of them has a row). A row seen by the poll that started
at t was committed after the previous poll started and before t: t is when it became visible,
to within one polling interval, the measurement's resolution. Reporting's consumer writes one
transaction after another, so its row ids commit in order and "above the last seen" misses
none.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import psycopg

from services.reporting.application.projection_ports import Generation
from services.reporting.application.projections.beneficiaries import BENEFICIARY
from services.reporting.application.projections.decisions import DECISION
from services.reporting.domain.decisions import DecisionStatus
from services.reporting.persistence.projection_tables import table_name

PROPOSED = str(DecisionStatus.PROPOSED)


def dsn_of(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


async def live_tables(conn: psycopg.AsyncConnection[tuple[object, ...]]) -> tuple[str, str]:
    """(beneficiary table, decision table) of the live generations."""
    cursor = await conn.execute("SELECT projection, version, generation FROM rp_catalog")
    rows = await cursor.fetchall()
    live = {str(p): Generation(str(p), int(str(v)), int(str(g))) for p, v, g in rows}
    return (
        table_name(live["beneficiaries"], BENEFICIARY),
        table_name(live["decisions"], DECISION),
    )


@dataclass
class Sightings:
    """When each key was first seen, and when the bench learnt to expect it."""

    seen: dict[str, float] = field(default_factory=dict)
    expected: dict[str, float] = field(default_factory=dict)  # key -> accepted at

    def lags(self) -> list[float]:
        """Seconds from acceptance to visibility, of every expected key seen so far."""
        return [self.seen[k] - at for k, at in self.expected.items() if k in self.seen]

    def missing(self) -> int:
        return sum(1 for k in self.expected if k not in self.seen)


@dataclass
class ReportingWatch:
    url: str
    interval: float = 0.005
    enrolments: Sightings = field(default_factory=Sightings)
    approvals: Sightings = field(default_factory=Sightings)
    # An enrolment's first proposal, keyed by the person: two hops (intake's relay, grants'
    # consumer and relay), not in the measured lag (that is the beneficiary's row).
    proposals: Sightings = field(default_factory=Sightings)
    polls: int = 0
    gaps: list[float] = field(default_factory=list)  # seconds between poll starts
    # (poll start, rows it found) of each poll that found some: about one of reporting's
    # commits each (two, when both landed between two polls).
    found: list[tuple[float, int]] = field(default_factory=list)
    _stop: asyncio.Event = field(default_factory=asyncio.Event)

    async def run(self) -> None:
        async with await psycopg.AsyncConnection.connect(dsn_of(self.url), autocommit=True) as conn:
            beneficiaries, decisions = await live_tables(conn)
            queries = (
                f"SELECT row_id, key FROM {beneficiaries} WHERE row_id > %s ORDER BY row_id",
                f"SELECT row_id, key, status, subject_id FROM {decisions} WHERE row_id > %s "
                "ORDER BY row_id",
            )
            last = [await self._max_row(conn, beneficiaries), await self._max_row(conn, decisions)]
            previous = time.monotonic()
            while not self._stop.is_set():
                started = time.monotonic()
                self.gaps.append(started - previous)
                previous = started
                found_b = await (await conn.execute(queries[0], (last[0],))).fetchall()
                found_d = await (await conn.execute(queries[1], (last[1],))).fetchall()
                self.polls += 1
                if found_b or found_d:
                    self.found.append((started, len(found_b) + len(found_d)))
                for row_id, key in found_b:
                    self.enrolments.seen.setdefault(str(key), started)
                    last[0] = max(last[0], int(row_id))
                for row_id, key, status, subject in found_d:
                    if status != PROPOSED:
                        self.approvals.seen.setdefault(str(key), started)
                    else:
                        self.proposals.seen.setdefault(str(subject), started)
                    last[1] = max(last[1], int(row_id))
                pause = self.interval - (time.monotonic() - started)
                await asyncio.sleep(max(pause, 0))

    @staticmethod
    async def _max_row(conn: psycopg.AsyncConnection[tuple[object, ...]], table: str) -> int:
        cursor = await conn.execute(f"SELECT coalesce(max(row_id), 0) FROM {table}")
        row = await cursor.fetchone()
        return int(str(row[0])) if row else 0

    def stop(self) -> None:
        self._stop.set()

    def resolution(self) -> tuple[float, float]:
        """(mean, longest) seconds between the starts of two polls, the first one left out."""
        gaps = self.gaps[1:] or [0.0]
        return sum(gaps) / len(gaps), max(gaps)


async def proposed_decisions(url: str) -> list[str]:
    """The decisions reporting shows as proposed now (the approvals' pool)."""
    async with await psycopg.AsyncConnection.connect(dsn_of(url), autocommit=True) as conn:
        _, decisions = await live_tables(conn)
        cursor = await conn.execute(
            f"SELECT key FROM {decisions} WHERE valid_to IS NULL AND status = %s ORDER BY key",
            (PROPOSED,),
        )
        return [str(k) for (k,) in await cursor.fetchall()]
