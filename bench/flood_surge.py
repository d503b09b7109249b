"""The flood surge on real Kafka and PostgreSQL: households registered first (a census import,
not timed), then every family's SMS claims through intake's webhook, intake's relay to Kafka,
grants' proposals from the claims, a payment list per province and component drawn up and
approved by two other users, its orders, the simulated provider, and reconciliation. Timed
from the first claim to the last order the provider answered; where the time went; a check
that every eligible household got one order per component at the right amount and nobody
else any; the envelopes to the centime; PostgreSQL's raw one-row commit rate beside it.

    .venv/bin/python -m bench.flood_surge [--households 200000] [--concurrency 16]
        [--processes [--intake-workers 2]]

By default HTTP goes through httpx's ASGI transport into the services' own FastAPI apps, all
three in this process (no sockets, one GIL). With --processes each service runs the production
way (bench/flood_surge_processes.py): `taawun serve <service>` in its own OS process, on its own
fresh database and a fresh topic namespace, set up by TAAWUN_* variables only, reached over
127.0.0.1; --intake-workers sets intake's TAAWUN_HTTP_WORKERS (uvicorn workers plus one relay
process). The untimed census and the check still use intake's use cases and grants' event
store built in this process on those databases (no relay, no consumers). The report says
which mode ran; the processes' logs go under /tmp (printed at start).
The simulated provider answers directly (no pain.001 files: bench/disbursements.py times
those) and fails none, so every eligible household ends paid; it still confirms some orders
twice and answers some late."""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import time
from decimal import Decimal
from typing import Any

import httpx

from bench.disbursements import raw_commits
from bench.flood_surge_census import (
    DECLARED,
    FLOODS,
    Family,
    census,
    census_households,
    heads_csv,
    messages,
)
from bench.flood_surge_check import check_orders, facts_known, heads_of, orders_answered
from bench.flood_surge_processes import in_processes
from bench.flood_surge_services import GATEWAY_SECRET, SurgeServices, in_one_process
from bench.sms_gateway import GatewayConnection
from services.grants.domain.programme import Programme
from services.grants.domain.reference_programmes import (
    EMERGENCY_AID,
    FLOOD_RELIEF_2026_02,
    HOUSING_AID,
)
from services.intake.application import Intake
from services.intake.application.imports.jobs import JobKind
from shared.auth import Role
from taawun.demo_khenifra import allocate, open_budget
from tests.infra import postgres_database
from tests.platform import token

GATEWAY = {"X-Gateway-Secret": GATEWAY_SECRET}
PROGRAMME = str(Programme.create_id(FLOOD_RELIEF_2026_02))
CENSUS_BATCH = 1_000


def bearer(role: Role, subject: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token(role, subject=subject)}"}


async def ok(response: Any) -> dict[str, Any]:
    got = await response
    if got.status_code not in (200, 201):
        raise RuntimeError(f"{got.request.method} {got.request.url}: {got.status_code} {got.text}")
    found: dict[str, Any] = got.json()
    return found


async def claim_all(
    intake: httpx.AsyncClient, sms: list[tuple[str, str]], width: int, url: str | None
) -> dict[str, int]:
    """Every SMS through the webhook, `width` at a time: over `url`'s sockets with the
    gateway's own connections (bench/sms_gateway.py), else through `intake`."""
    outcomes: dict[str, int] = {}
    queue = iter(sms)

    async def post(body: dict[str, str], connection: GatewayConnection | None) -> dict[str, Any]:
        if connection is None:
            return await ok(intake.post("/claims/sms", json=body, headers=GATEWAY))
        status, answer = await connection.post("/claims/sms", body, GATEWAY)
        if status != 200:
            raise RuntimeError(f"POST /claims/sms: {status} {answer}")
        found: dict[str, Any] = answer
        return found

    async def sender() -> None:
        connection = None if url is None else await GatewayConnection.open(url)
        try:
            for message_id, text in queue:
                body = {"message_id": message_id, "sender": "0661000000", "text": text,
                        "received_at": "2026-02-14T09:00:00+01:00"}  # fmt: skip
                answer = await post(body, connection)
                outcomes[answer["outcome"]] = outcomes.get(answer["outcome"], 0) + 1
        finally:
            if connection is not None:
                await connection.close()

    await asyncio.gather(*(sender() for _ in range(width)))
    return outcomes


async def proposals_total(grants: httpx.AsyncClient) -> int:
    page = await ok(grants.get("/proposals", params={"programme": FLOOD_RELIEF_2026_02, "limit": 1},
                               headers=bearer(Role.AUDITOR, "audit")))  # fmt: skip
    return int(page["total"])


async def until(what: str, done: Any, timeout: float = 3600) -> None:
    deadline = time.monotonic() + timeout
    while not await done():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        await asyncio.sleep(0.25)


async def lists_approved(services: SurgeServices) -> list[str]:
    """A list per province and component, drawn up by a caseworker, approved by two others."""
    caseworker = bearer(Role.CASEWORKER, "cw-surge")
    approvers = [bearer(Role.APPROVER, "approver-1"), bearer(Role.APPROVER, "approver-2")]
    ids = []
    grants, admin_client = services.grants, services.grants_admin
    for province in DECLARED:
        envelope = await open_budget(admin_client, PROGRAMME, FLOODS, province)
        drawn = [
            await ok(grants.post("/payment-lists", headers=caseworker, json={
                "programme_id": PROGRAMME, "cycle": FLOODS, "province_code": province,
                "component": component}))
            for component in (EMERGENCY_AID, HOUSING_AID)
        ]  # fmt: skip
        await allocate(admin_client, envelope, str(sum(Decimal(d["total"]) for d in drawn)))
        for shown in drawn:
            path = f"/payment-lists/{shown['payment_list_id']}/approvals"
            for approver in approvers:
                body = {"digest": shown["digest"], "reason": "liste vérifiée"}
                await ok(grants.post(path, json=body, headers=approver))
            ids.append(str(shown["payment_list_id"]))
    return ids


async def registered(intake: Intake, families: list[Family]) -> None:
    """The heads through intake's import, their households through the census use case."""
    text = heads_csv(families).decode()
    started = time.perf_counter()
    report = await asyncio.to_thread(
        intake.imports.run_import, text, kind=JobKind.BENEFICIARIES, actor="census"
    )
    print(f"census: {len(report.accepted):,} heads imported, {len(report.rejected)} rejected "
          f"({time.perf_counter() - started:.1f} s)", flush=True)  # fmt: skip
    heads = await asyncio.to_thread(heads_of, intake, families)
    census = census_households(families, heads)
    for start in range(0, len(census), CENSUS_BATCH):
        batch = census[start : start + CENSUS_BATCH]
        await asyncio.to_thread(intake.census.register, batch, actor="census", reason="recensement")
    print(f"census: {len(census):,} households registered in intake "
          f"({time.perf_counter() - started:.1f} s)", flush=True)  # fmt: skip


async def surge(households: int, width: int, intake_workers: int | None) -> None:
    families = census(households)
    sms = messages(families)
    deployed = in_one_process() if intake_workers is None else in_processes(intake_workers, width)
    async with deployed as services:
        intake, grants = services.intake, services.grants
        print(f"mode: {services.mode}", flush=True)
        started = time.perf_counter()
        await registered(services.intake_use_cases, families)
        await until("grants knows the census", lambda: facts_known(services.grants_store, families))
        print(f"census: {households:,} households registered and known to grants "
              f"({time.perf_counter() - started:.1f} s, not timed)", flush=True)  # fmt: skip
        marks = {"start": time.perf_counter()}
        outcomes = await claim_all(intake, sms, width, services.intake_url)
        marks["webhook"] = time.perf_counter()
        expected = sum(len(f.components()) for f in families)

        async def proposed() -> bool:
            return await proposals_total(grants) >= expected

        await until("grants proposed every component", proposed)
        marks["decisions"] = time.perf_counter()
        ids = await lists_approved(services)
        marks["lists"] = time.perf_counter()
        approver = bearer(Role.APPROVER, "approver-1")
        for list_id in ids:
            await ok(grants.post(f"/payment-lists/{list_id}/orders", headers=approver))
        marks["orders"] = time.perf_counter()
        for list_id in ids:
            await ok(grants.post(f"/payment-lists/{list_id}/sending", headers=approver))
        marks["provider"] = time.perf_counter()
        statements = 0
        while not await orders_answered(services.grants_store, expected):
            statements += 1
            await ok(grants.post("/statements/receipt", headers=bearer(Role.ADMIN, "admin")))
        marks["reconciliation"] = time.perf_counter()
        report(services, families, sms, outcomes, marks, expected, statements)


def report(services: SurgeServices, families: list[Any], sms: list[Any], outcomes: dict[str, int],
           marks: dict[str, float], expected: int, statements: int) -> None:  # fmt: skip
    total = marks["reconciliation"] - marks["start"]
    print(f"mode: {services.mode}")
    print(f"claims: {len(families):,} households, {len(sms):,} SMS; outcomes {outcomes}")
    print(
        f"surge: {total:.1f} s first claim to last order answered; "
        f"{len(sms) / total:,.0f} SMS/s, {expected / total:,.0f} orders/s overall"
    )
    names = list(marks)
    for before, after in itertools.pairwise(names):
        print(f"  {after:<15} {marks[after] - marks[before]:7.1f} s")
    print(f"statements applied: {statements}")
    print(check_orders(services.intake_use_cases, services.grants_store, families))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--households", type=int, default=200_000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument(
        "--processes",
        action="store_true",
        help="each service in its own process (taawun serve), HTTP over sockets",
    )
    parser.add_argument("--intake-workers", type=int, default=1,
                        help="with --processes: intake's TAAWUN_HTTP_WORKERS")  # fmt: skip
    args = parser.parse_args()
    # Read by the grants service's Settings inside kafka_platform.
    os.environ["TAAWUN_SIMULATED_FAILURE_RATE"] = "0"
    os.environ["TAAWUN_SIMULATED_PROVIDER_FILES"] = "false"
    with postgres_database("bench") as url:
        rate = raw_commits(url, 5_000)
    print(f"PostgreSQL raw one-row commits: {rate:,.0f}/s (yardstick, same run)", flush=True)
    workers = args.intake_workers if args.processes else None
    asyncio.run(surge(args.households, args.concurrency, workers))


if __name__ == "__main__":
    main()
