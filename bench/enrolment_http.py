"""Single enrolments over HTTP from a concurrent client, against `taawun serve intake`.

Starts intake as its own process on a fresh PostgreSQL database (with its relay publishing to
the local Kafka), then sends N enrolments (unique people) from C concurrent connections and
prints the sustained rate and latency percentiles. Baselines in the same run: the same client
against intake's /health/live (the HTTP stack alone) and psycopg inserting one row per commit
(the database's one-transaction-per-request ceiling).

    .venv/bin/python bench/enrolment_http.py --requests 5000 --concurrency 16
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shared.auth import Role
from shared.config import Settings
from taawun.wiring import token_issuer
from tests.infra import KAFKA_BOOTSTRAP, PG_HOST, PG_PORT, postgres_database

SECRET = "bench-secret-of-at-least-thirty-two-bytes"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def body(i: int) -> dict[str, object]:
    return {
        "name_ar": "خديجة التازي", "name_lat": "Khadija Tazi", "cin": f"HB{i:07d}",
        "birth_date": f"19{40 + i % 60}-0{1 + i % 9}-1{i % 9}", "sex": "F",
        "phone": "0612345678", "address": f"{i} rue Tarik", "province_code": "LAR",
        "commune_code": "LAR-001",
        "categories": [{"category": "disaster_affected", "evidence": "flood census",
                        "since": "2026-02-10"}],
    }  # fmt: skip


async def load(
    url: str, token: str, n: int, concurrency: int, post: bool, first: int = 0
) -> tuple[float, list[float]]:
    latencies: list[float] = []
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(first, first + n):
        queue.put_nowait(i)
    headers = {"Authorization": f"Bearer {token}"}
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, headers=headers, limits=limits) as client:

        async def worker() -> None:
            while not queue.empty():
                i = queue.get_nowait()
                started = time.perf_counter()
                if post:
                    r = await client.post("/beneficiaries", json=body(i))
                    assert r.status_code == 201, r.text
                else:
                    r = await client.get("/health/live")
                latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - started, latencies


def percentile(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1] * 1000


def raw_commits(url: str, n: int) -> float:
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE raw_enrolments (id uuid primary key, body text)")
        started = time.perf_counter()
        for i in range(n):
            conn.execute("INSERT INTO raw_enrolments VALUES (%s, %s)", (uuid.uuid4(), str(body(i))))
        return n / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    token = token_issuer(Settings(jwt_secret=SECRET)).mint(  # type: ignore[arg-type]
        "bench", [Role.CASEWORKER], ["LAR"]
    )
    with postgres_database("bench_http") as url:
        port = free_port()
        env = {**os.environ, "TAAWUN_DATABASE_URL": url, "TAAWUN_HTTP_PORT": str(port),
               "TAAWUN_KAFKA_BOOTSTRAP": KAFKA_BOOTSTRAP, "TAAWUN_JWT_SECRET": SECRET,
               "TAAWUN_KAFKA_NAMESPACE": f"bench{uuid.uuid4().hex[:6]}.",
               "TAAWUN_LOG_LEVEL": "WARNING"}  # fmt: skip
        server = subprocess.Popen([sys.executable, "-m", "taawun.cli", "serve", "intake"], env=env)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    if httpx.get(f"{base}/health/ready", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.2)
            asyncio.run(load(base, token, 200, args.concurrency, post=True))  # warm-up
            health_s, _ = asyncio.run(load(base, token, args.requests, args.concurrency, False))
            elapsed, latencies = asyncio.run(
                load(base, token, args.requests, args.concurrency, post=True, first=1000)
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
        db_rate = raw_commits(url, 2000)
    rate = args.requests / elapsed
    print(
        f"enrolments: {args.requests:,} over HTTP, {args.concurrency} concurrent: "
        f"{rate:,.0f}/s, p50 {percentile(latencies, 50):.1f} ms, "
        f"p99 {percentile(latencies, 99):.1f} ms, max {max(latencies) * 1000:.1f} ms"
    )
    print(f"baseline GET /health/live, same client: {args.requests / health_s:,.0f}/s")
    print(f"baseline psycopg one row per commit (PostgreSQL {PG_HOST}:{PG_PORT}): {db_rate:,.0f}/s")
    print(
        f"ratio enrolments / health = {rate / (args.requests / health_s):.2f}; "
        f"enrolments / raw commits = {rate / db_rate:.2f}"
    )


if __name__ == "__main__":
    main()
