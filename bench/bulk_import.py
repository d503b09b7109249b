"""Bulk import of beneficiaries against a raw psycopg insert of the same rows, same run.

Generates a CSV of N rows (Arabic and Latin names, valid CINs, 20% rows repeating an earlier
row's person, 5% invalid: a malformed CIN or a commune unknown in its province), imports it into
intake on a fresh PostgreSQL database (parse, validate each row, enrol in batches of 1,000,
record per-row outcomes and progress), then inserts the same rows into a plain table with the
same columns with psycopg `executemany`, 1,000 rows per transaction (and with COPY, for scale).

    /tmp/venv/bin/python bench/bulk_import.py --rows 200000
    /tmp/venv/bin/python bench/bulk_import.py --rows 20000 --profile   # cProfile the import
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import os
import platform
import pstats
import random
import sys
import time
from datetime import date, timedelta
from importlib.metadata import version
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from services.intake.application.imports.beneficiary_rows import HEADER, parse_rows
from services.intake.bootstrap import build_intake_use_cases
from services.intake.domain.territory import shipped_territory
from shared.eventstore import eventstore_env
from tests.infra import postgres_database

FIRST_AR = ["فاطمة", "محمد", "خديجة", "أحمد", "مريم", "يوسف", "زينب", "عبد الله", "نعيمة", "حسن"]
FIRST_LAT = ["Fatima", "Mohamed", "Khadija", "Ahmed", "Meryem", "Youssef", "Zineb", "Abdellah",
             "Naima", "Hassan"]  # fmt: skip
LAST_AR = ["بنعلي", "العلمي", "الإدريسي", "التازي", "الفاسي", "بنجلون", "الصقلي", "المريني"]
LAST_LAT = ["Benali", "Alami", "Idrissi", "Tazi", "Fassi", "Benjelloun", "Sekkali", "Merini"]
CATEGORIES = ["disaster_affected", "elderly_without_support", "woman_in_difficulty",
              "child_in_difficulty", "disability"]  # fmt: skip
LETTERS = ["BK", "AB", "G", "CD", "EE", "J", "LA", "X"]


def generate(count: int, seed: int = 2026) -> tuple[str, dict[str, int]]:
    """The CSV text and how many rows of each kind it holds."""
    rng = random.Random(seed)
    communes = [
        c for p in shipped_territory().provinces() for c in shipped_territory().communes(p.code)
    ]
    people: list[list[str]] = []
    kinds = {"new": 0, "duplicate": 0, "invalid": 0}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for i in range(count):
        draw = rng.random()
        if draw < 0.20 and people:
            writer.writerow(rng.choice(people))  # the same person, submitted again
            kinds["duplicate"] += 1
            continue
        first, last = rng.randrange(len(FIRST_AR)), rng.randrange(len(LAST_AR))
        commune = rng.choice(communes)
        category = CATEGORIES[i % len(CATEGORIES)]
        disabled = category == "disability"
        birth = date(1940, 1, 1) + timedelta(days=rng.randrange(365 * 65))
        row = [
            f"{FIRST_AR[first]} {LAST_AR[last]}",
            f"{FIRST_LAT[first]} {LAST_LAT[last]}",
            f"{LETTERS[i % len(LETTERS)]}{i:07d}",
            "",
            birth.isoformat(),
            "F" if first % 2 == 0 else "M",
            f"06{rng.randrange(10**8):08d}",
            f"دوار {rng.randrange(1, 300)}، {commune.name_ar}",
            commune.province_code,
            commune.code,
            category,
            "motor" if disabled else "",
            "severe" if disabled else "",
            "flood census 2026",
            "2026-02-14",
        ]
        if draw < 0.225:
            row[2] = f"{i}BK"  # malformed CIN
            kinds["invalid"] += 1
        elif draw < 0.25:
            row[9] = f"{commune.province_code}-999"  # unknown commune
            kinds["invalid"] += 1
        else:
            people.append(row)
            kinds["new"] += 1
        writer.writerow(row)
    return out.getvalue(), kinds


def time_import(url: str, text: str, profile: bool) -> tuple[float, dict[str, int]]:
    app = build_intake_use_cases(eventstore_env(url) | {"LOOKUP_SECRET": "bench-secret"})
    last = [time.perf_counter()]

    def progress(done: int, total: int) -> None:
        if done % 50_000 < 1_000 or done == total:
            now = time.perf_counter()
            print(f"  {done:>9,} / {total:,} rows  (+{now - last[0]:.1f}s)", flush=True)
            last[0] = now

    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    report = app.beneficiary_import.import_beneficiaries(text, actor="bench", progress=progress)
    if profiler:
        profiler.disable()
    elapsed = time.perf_counter() - started
    app.store.close()
    if profiler:
        stats = pstats.Stats(profiler).strip_dirs()
        print("\n--- profile: by own time ---")
        stats.sort_stats("tottime").print_stats(25)
        print("--- profile: cumulative ---")
        stats.sort_stats("cumulative").print_stats(40)
    counts = {
        "accepted": len(report.accepted),
        "duplicates": len(report.duplicates),
        "rejected": len(report.rejected),
    }
    return elapsed, counts


PLAIN = """CREATE TABLE {name} (
    name_ar text, name_lat text, cin text, civil_registry_ref text, birth_date date,
    sex text, phone text, address text, province_code text, commune_code text,
    category text, disability_type text, severity text, evidence text, since date)"""


def raw_rows(text: str) -> list[tuple[str | None, ...]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader)
    return [tuple(c or None for c in cells) for cells in reader]


def time_raw_insert(url: str, text: str) -> tuple[float, float]:
    """(seconds for parse + executemany in 1,000-row transactions, seconds for COPY)."""
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    columns = ",".join(HEADER)
    with psycopg.connect(dsn) as conn:
        conn.execute(PLAIN.format(name="plain_rows"))
        conn.execute(PLAIN.format(name="plain_rows_copy"))
        conn.commit()
        sql = f"INSERT INTO plain_rows ({columns}) VALUES ({','.join(['%s'] * len(HEADER))})"
        started = time.perf_counter()
        rows = raw_rows(text)
        with conn.cursor() as cur:
            for start in range(0, len(rows), 1000):
                with conn.transaction():
                    cur.executemany(sql, rows[start : start + 1000])
        executemany = time.perf_counter() - started
        started = time.perf_counter()
        rows = raw_rows(text)
        copy_sql = f"COPY plain_rows_copy ({columns}) FROM STDIN"
        with conn.cursor() as cur, conn.transaction(), cur.copy(copy_sql) as copy:
            for row in rows:
                copy.write_row(row)
        copied = time.perf_counter() - started
        count = conn.execute("SELECT count(*) FROM plain_rows").fetchone()
        assert count is not None and count[0] == len(rows)
    return executemany, copied


def server_version(url: str) -> str:
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        found = conn.execute("SHOW server_version").fetchone()
    return str(found[0]) if found else "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--profile", action="store_true", help="cProfile the import")
    args = parser.parse_args()

    started = time.perf_counter()
    text, kinds = generate(args.rows)
    print(
        f"generated {args.rows:,} rows ({len(text.encode()) / 1e6:.1f} MB): {kinds['new']:,} new "
        f"people, {kinds['duplicate']:,} repeats, {kinds['invalid']:,} invalid "
        f"in {time.perf_counter() - started:.1f}s"
    )
    parsed = time.perf_counter()
    assert sum(1 for _ in parse_rows(text)) == args.rows
    print(f"(parse_rows alone: {args.rows / (time.perf_counter() - parsed):,.0f} rows/s)")

    with postgres_database("bench_import") as url:
        pg = server_version(url)
        print("import:")
        import_s, counts = time_import(url, text, args.profile)
        executemany_s, copy_s = time_raw_insert(url, text)
    import_rate = args.rows / import_s
    raw_rate = args.rows / executemany_s
    print(
        f"bulk import: {args.rows:,} rows in {import_s:.1f}s = {import_rate:,.0f} rows/s "
        f"({counts['accepted']:,} accepted, {counts['duplicates']:,} duplicates, "
        f"{counts['rejected']:,} rejected)"
    )
    print(
        f"raw psycopg executemany (1,000 rows/transaction, incl. CSV parse): "
        f"{executemany_s:.1f}s = {raw_rate:,.0f} rows/s"
    )
    print(f"raw psycopg COPY (one transaction): {copy_s:.1f}s = {args.rows / copy_s:,.0f} rows/s")
    print(f"ratio import / executemany = {import_rate / raw_rate:.2f}")
    print(f"ratio import / COPY = {import_rate / (args.rows / copy_s):.2f}")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}; "
        f"Python {platform.python_version()}; PostgreSQL {pg}; psycopg {version('psycopg')}; "
        f"SQLAlchemy {version('SQLAlchemy')}; eventsourcing {version('eventsourcing')}; "
        f"eventsourcing-sqlalchemy {version('eventsourcing-sqlalchemy')}; "
        f"pydantic {version('pydantic')}"
    )


if __name__ == "__main__":
    main()
