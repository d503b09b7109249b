"""Replaying a million events from Kafka into every projection on PostgreSQL, beside a raw
COPY of as many rows into one plain table, in the same run; then a province report as of
several moments on the replayed data.

Publishes a history (bench/replay_events.py: households, members, impacts, claims,
decisions, orders, payments, envelope movements) to fresh topics, then times `taawun
replay`'s rebuild (read from offset 0, decode, apply in chunks, switch) into a fresh
reporting database.

    PYTHONPATH=. .venv/bin/python -m bench.reporting_replay --events 1000000
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
import uuid
from datetime import UTC, datetime, timedelta

import psycopg

from bench.replay_events import START, TOPICS, history
from services.reporting.application import Reports
from services.reporting.application.projections.catalogue import PROJECTIONS, REPORTS
from services.reporting.application.replay import Progress
from services.reporting.bootstrap import build_rebuild
from services.reporting.persistence.report_queries import SqlReportQueries
from shared.config import Settings
from shared.messaging.kafka import KafkaTransport
from taawun.replay_workers import replay_in_workers
from tests.infra import KAFKA_BOOTSTRAP, postgres_database

PARTITIONS = 6


async def publish(namespace: str, events: int) -> tuple[int, float]:
    transport = KafkaTransport(
        bootstrap=KAFKA_BOOTSTRAP, client_id="bench-replay", partitions=PARTITIONS,
        namespace=namespace,
    )  # fmt: skip
    await transport.ensure_topics(TOPICS)
    await transport.start()
    started = time.perf_counter()
    n = 0
    batch = []
    try:
        for m in history(events):
            batch.append(m)
            if len(batch) >= 20_000:
                await transport.publish(batch)
                n += len(batch)
                batch = []
                print(f"\r  published {n:,}", end="", flush=True)
        if batch:
            await transport.publish(batch)
            n += len(batch)
    finally:
        await transport.stop()
    print()
    return n, time.perf_counter() - started


def raw_copy(url: str, rows: int) -> float:
    """COPY `rows` rows as wide as a projection's into one plain table: the database's limit."""
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as conn:
        conn.execute(
            "CREATE TABLE plain_rows (row_id bigserial PRIMARY KEY, key varchar(120), "
            "province_code varchar(8), status varchar(16), category varchar(40), "
            "counted boolean, valid_from timestamptz, valid_to timestamptz)"
        )
        conn.commit()
        at = datetime.now(UTC)
        started = time.perf_counter()
        sql = (
            "COPY plain_rows (key, province_code, status, category, counted, valid_from, "
            "valid_to) FROM STDIN"
        )
        with conn.cursor() as cur, conn.transaction(), cur.copy(sql) as copy:
            for _ in range(rows):
                copy.write_row((f"{uuid.uuid4()}:disability", "KHN", "enrolled", "disability",
                                True, at, None))  # fmt: skip
        return time.perf_counter() - started


async def rebuild_in_workers(settings: Settings, workers: int) -> tuple[int, float]:
    last = [0.0]

    def shown(p: Progress) -> None:
        now = time.monotonic()
        if now - last[0] > 2 or p.phase == "done":
            last[0] = now
            print(f"\r  {p.phase}: {p.done:,}/{p.total:,} {p.per_second:,.0f} events/s",
                  end="", flush=True)  # fmt: skip

    started = time.perf_counter()
    built, _ = await replay_in_workers(settings, [], workers, shown)
    print()
    return built.done, time.perf_counter() - started


async def rebuild(settings: Settings) -> tuple[int, float]:
    r = build_rebuild(settings, [])
    generations = r.rebuild.generations(r.names)
    await r.history.start()
    last = [0.0]

    def shown(p: object) -> None:
        now = time.monotonic()
        if now - last[0] > 2 or getattr(p, "phase", "") == "done":
            last[0] = now
            print(f"\r  {p.phase}: {p.done:,}/{p.total:,} {p.per_second:,.0f} events/s",  # type: ignore[attr-defined]
                  end="", flush=True)  # fmt: skip

    def switch(session: object, gens: object, built: object) -> None:
        for g in generations:
            r.store.switch(session, g, built.done)  # type: ignore[attr-defined]

    started = time.perf_counter()
    try:
        built = await r.rebuild.build(generations, switch, shown)
    finally:
        await r.history.stop()
    print()
    elapsed = time.perf_counter() - started
    r.engine.dispose()
    return built.done, elapsed


def as_of_answers(settings: Settings, tries: int) -> list[float]:
    r = build_rebuild(settings, [])
    reports = Reports(REPORTS, SqlReportQueries(r.engine, r.store, PROJECTIONS))
    rng = random.Random(3)
    timings = []
    for _ in range(tries):
        moment = START + timedelta(days=rng.randint(30, 4 * 365))
        province = rng.choice(["KHN", "LAR", "KEN"])
        started = time.perf_counter()
        reports.answer("beneficiaries", as_of=moment, filters={"province": province},
                       provinces=["*"])  # fmt: skip
        timings.append(time.perf_counter() - started)
    r.engine.dispose()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--as-of-tries", type=int, default=10)
    parser.add_argument("--workers", type=int, default=1, help="replay processes")
    args = parser.parse_args()
    namespace = f"bench{uuid.uuid4().hex[:6]}."
    print(f"publishing ~{args.events:,} events to {namespace}* ({PARTITIONS} partitions)")
    published, took = asyncio.run(publish(namespace, args.events))
    print(f"  {published:,} in {took:.1f} s")
    with postgres_database("bench_replay") as url:
        settings = Settings(
            database_url=url, kafka_bootstrap=KAFKA_BOOTSTRAP, kafka_namespace=namespace
        )
        print("replaying every projection from offset 0 into PostgreSQL")
        if args.workers > 1:
            done, elapsed = asyncio.run(rebuild_in_workers(settings, args.workers))
        else:
            done, elapsed = asyncio.run(rebuild(settings))
        # The events on the topics, each once: with several processes a topic two of them
        # read is read twice (`done` counts both).
        rate = published / elapsed
        copy_s = raw_copy(url, published)
        copy_rate = published / copy_s
        timings = as_of_answers(settings, args.as_of_tries)
    projections = ", ".join(p.name for p in PROJECTIONS)
    print(f"projections: {projections}; replay processes: {args.workers}")
    print(
        f"replay: {published:,} events in {elapsed:.1f} s = {rate:,.0f} events/s "
        f"({done:,} messages read)"
    )
    print(f"raw COPY: {published:,} rows in {copy_s:.1f} s = {copy_rate:,.0f} rows/s")
    print(f"ratio replay/COPY: {rate / copy_rate:.2f}")
    median, longest = sorted(timings)[len(timings) // 2], max(timings)
    print(
        f"province report as of a random moment ({len(timings)} tries): "
        f"median {median * 1000:.0f} ms, max {longest * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
