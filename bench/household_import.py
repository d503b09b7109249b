"""Intake's household CSV import (a flood census) on PostgreSQL: households/s and rows/s beside
PostgreSQL's raw one-row-per-commit rate measured in the same run.

    .venv/bin/python -m bench.household_import [--households 20000] [--profile]

Heads and members are enrolled first through the beneficiary import (not timed). The household
file then mixes what a census holds: a head's row per household with the floods' impact (one
in ten without), zero to three members each, one member in fifty not enrolled (rejected), one
household in fifty whose head already heads a household registered by hand (reused, its
members added), and one in a hundred with a bad head (a CIN nobody enrolled: its rows are
rejected with the head's reasons). Then the same file again, which must create nothing."""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from typing import Any

from bench.disbursements import raw_commits
from services.intake.application import Intake
from services.intake.application.imports.beneficiary_rows import HEADER
from services.intake.application.imports.household_rows import HOUSEHOLD_HEADER
from services.intake.bootstrap import build_intake_use_cases
from shared.eventstore import eventstore_env
from tests.infra import PG_HOST, PG_PORT, postgres_database

FLOODS = "floods-2026-02-north-west"
PROVINCES = ("LAR", "KEN", "SKC", "SSL")
RELATIONS = ("spouse", "child", "child", "parent")
DAMAGE = ("destroyed", "repairable", "none", "repairable")


def cin(n: int, member: int) -> str:
    return f"H{'ABCD'[member]}{n:07d}"


def _csv(header: tuple[str, ...], rows: list[dict[str, str]]) -> str:
    lines = [",".join(header), *(",".join(row.get(c, "") for c in header) for row in rows)]
    return "\n".join(lines) + "\n"


def people_csv(households: int) -> str:
    """Every head and member the census names (but the ones left out on purpose)."""
    rows = []
    for n in range(households):
        province = PROVINCES[n % len(PROVINCES)]
        for m in range(1 + n % 4):
            if (m == 0 and n % 100 == 42) or (m > 0 and (n + m) % 50 == 0):
                continue  # a bad head, a member not enrolled
            rows.append({
                "name_lat": f"Sinistre {n} {m}", "cin": cin(n, m), "birth_date": "1975-04-12",
                "sex": "FM"[m % 2], "province_code": province, "commune_code": f"{province}-001",
                "category": "disaster_affected", "evidence": "recensement", "since": "2026-02-10",
            })  # fmt: skip
    return _csv(HEADER, rows)


def households_csv(households: int) -> str:
    rows = []
    for n in range(households):
        province = PROVINCES[n % len(PROVINCES)]
        ref, head = f"C-{n:07d}", cin(n, 0)
        impact = {"disaster": FLOODS, "evacuated": "yes" if n % 3 else "no",
                  "damage": DAMAGE[n % len(DAMAGE)]} if n % 10 != 5 else {}  # fmt: skip
        rows.append({
            "household_ref": ref, "head_cin": head, "relation": "head", "province_code": province,
            "commune_code": f"{province}-001", "douar": "Douar Oulad Ogbane",
            "address": f"Maison {n}", **impact,
        })  # fmt: skip
        for m in range(1, 1 + n % 4):
            rows.append({"household_ref": ref, "head_cin": head, "member_cin": cin(n, m),
                         "relation": RELATIONS[m - 1]})  # fmt: skip
    return _csv(HOUSEHOLD_HEADER, rows)


def registered_by_hand(intake: Intake, households: int) -> None:
    """One household in fifty exists before the import (its head's, with no member yet)."""
    for n in range(17, households, 50):
        head = intake.views.find_by_national_id(cin(n, 0))
        assert head is not None
        province = PROVINCES[n % len(PROVINCES)]
        intake.households.register_household(
            head, province, f"{province}-001", "Douar Oulad Ogbane", None, actor="bench"
        )


def timed_import(intake: Intake, text: str, profile: bool) -> tuple[float, dict[str, int]]:
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    report = intake.household_import.import_households(text, actor="bench")
    if profiler:
        profiler.disable()
        stats = pstats.Stats(profiler).strip_dirs()
        stats.sort_stats("cumulative").print_stats(35)
    elapsed = time.perf_counter() - started
    counts = {
        "accepted": len(report.accepted),
        "unchanged": len(report.duplicates),
        "rejected": len(report.rejected),
    }
    return elapsed, counts


def run(url: str, households: int, profile: bool) -> dict[str, Any]:
    intake = build_intake_use_cases(eventstore_env(url) | {"LOOKUP_SECRET": "bench-secret"})
    people = people_csv(households)
    enrolled = intake.beneficiary_import.import_beneficiaries(people, actor="bench")
    assert not enrolled.rejected, enrolled.rejected[:3]
    registered_by_hand(intake, households)
    text = households_csv(households)
    events_before = intake.store.recorder.max_notification_id() or 0
    first_s, first = timed_import(intake, text, profile)
    events = (intake.store.recorder.max_notification_id() or 0) - events_before
    again_s, again = timed_import(intake, text, False)
    created_again = (intake.store.recorder.max_notification_id() or 0) - events_before - events
    intake.store.close()
    rows = text.count("\n") - 1
    assert again["accepted"] == 0 and created_again == 0, (again, created_again)
    assert again["unchanged"] == first["accepted"] + first["unchanged"], (first, again)
    return {"rows": rows, "first_s": first_s, "first": first, "events": events,
            "again_s": again_s, "again": again}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=20_000)
    parser.add_argument("--profile", action="store_true", help="cProfile the first import")
    args = parser.parse_args()
    with postgres_database("bench_households") as url:
        db_rate = raw_commits(url, 5_000)
        got = run(url, args.households, args.profile)
    n, rows = args.households, got["rows"]
    rate = n / got["first_s"]
    print(f"PostgreSQL {PG_HOST}:{PG_PORT}")
    print(f"{n:,} households in {rows:,} rows:")
    print(
        f"  first import: {got['first_s']:.1f} s, {rate:,.0f} households/s, "
        f"{rows / got['first_s']:,.0f} rows/s; {got['first']}, {got['events']:,} events"
    )
    print(
        f"  the same file again: {got['again_s']:.1f} s, {n / got['again_s']:,.0f} households/s; "
        f"{got['again']}, no event"
    )
    print(f"baseline psycopg one row per commit: {db_rate:,.0f}/s; ratio {rate / db_rate:.2f}")


if __name__ == "__main__":
    main()
