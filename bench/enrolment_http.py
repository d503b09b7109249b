"""Single enrolments over HTTP from a concurrent client, against `taawun serve intake`.

Starts intake as its own process on a fresh PostgreSQL database (W HTTP worker processes and
its relay process publishing to the local Kafka, as `taawun serve` runs it with
TAAWUN_HTTP_WORKERS=W), then drives it with `wrk` (bench/enrol.lua: one new person per request)
from each number of connections given (after a 3 s warm-up) and prints the sustained rate and
latency percentiles.
Baselines in the same run: wrk against intake's /health/live (the HTTP stack alone) and
psycopg inserting one row per commit (the database's one-transaction-per-request ceiling).
wrk comes from Debian's packages.

    .venv/bin/python bench/enrolment_http.py --seconds 10 --concurrency 8,10,12 --workers 2
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
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


def wrk(
    url: str, path: str, seconds: int, concurrency: int, token: str, run: str = ""
) -> dict[str, float]:
    if shutil.which("wrk") is None:
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, capture_output=True)
    command = ["wrk", "-t2", f"-c{concurrency}", f"-d{seconds}s", "--latency"]
    if run:
        command += ["-s", str(Path(__file__).with_name("enrol.lua"))]
    out = subprocess.run(
        [*command, url + path], capture_output=True, text=True, check=True,
        env={**os.environ, "TOKEN": token, "RUN": run},
    ).stdout  # fmt: skip
    figures = {"rate": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}  # type: ignore[union-attr]
    for p in ("50", "99"):
        value, unit = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
        figures[f"p{p}"] = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    figures["errors"] = float(errors.group(1)) if errors else 0.0
    return figures


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
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--concurrency", default="8,10,12", help="connections, comma-separated")
    parser.add_argument("--workers", type=int, default=2, help="TAAWUN_HTTP_WORKERS")
    args = parser.parse_args()
    token = token_issuer(Settings(jwt_secret=SECRET)).mint(  # type: ignore[arg-type]
        "bench", [Role.CASEWORKER], ["LAR"]
    )
    with postgres_database("bench_http") as url:
        port = free_port()
        env = {**os.environ, "TAAWUN_DATABASE_URL": url, "TAAWUN_HTTP_PORT": str(port),
               "TAAWUN_KAFKA_BOOTSTRAP": KAFKA_BOOTSTRAP, "TAAWUN_JWT_SECRET": SECRET,
               "TAAWUN_KAFKA_NAMESPACE": f"bench{uuid.uuid4().hex[:6]}.",
               "TAAWUN_LOG_LEVEL": "WARNING", "TAAWUN_HTTP_WORKERS": str(args.workers)}  # fmt: skip
        server = subprocess.Popen(
            [sys.executable, "-m", "taawun.cli", "serve", "intake"], env=env,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    if httpx.get(f"{base}/health/ready", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.2)
            health = wrk(base, "/health/live", 5, 16, token)
            # Warm-up, not reported: the pools' first connections, each with a new PostgreSQL
            # backend, and first-use costs would otherwise land in the first measurement.
            wrk(base, "/beneficiaries", 3, 8, token, run="RW")
            enrol = [
                (c, wrk(base, "/beneficiaries", args.seconds, c, token, run=f"R{'ABCDEFGH'[i]}"))
                for i, c in enumerate(int(c) for c in args.concurrency.split(","))
            ]
        finally:
            server.terminate()
            server.wait(timeout=30)
        db_rate = raw_commits(url, 2000)
    for c, figures in enrol:
        print(
            f"enrolments over HTTP, {args.workers} workers, {c} connections, {args.seconds}s: "
            f"{figures['rate']:,.0f}/s, p50 {figures['p50']:.1f} ms, p99 {figures['p99']:.1f} ms "
            f"({figures['errors']:.0f} non-2xx)"
        )
    print(f"baseline wrk GET /health/live: {health['rate']:,.0f}/s, p99 {health['p99']:.1f} ms")
    print(f"baseline psycopg one row per commit (PostgreSQL {PG_HOST}:{PG_PORT}): {db_rate:,.0f}/s")
    best = max(f["rate"] for _, f in enrol)
    print(f"ratio best enrolments / health = {best / health['rate']:.2f}; "
          f"best enrolments / raw commits = {best / db_rate:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
