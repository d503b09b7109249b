"""The embedded demo: three services, their HTTP APIs, SQLite files, one in-process bus."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from datetime import date
from typing import Any

import httpx
import uvicorn
from rich.console import Console
from rich.table import Table

from shared.config import Settings
from shared.messaging.memory import InMemoryBus
from shared.runtime import ServiceRuntime
from taawun.demo_floods import seed_floods
from taawun.demo_khenifra import seed_khenifra
from taawun.demo_reports import reported
from taawun.demo_summary import grants_summary
from taawun.demo_users import DemoUsers
from taawun.wiring import build_embedded, token_issuer


def _person(
    names: tuple[str | None, str | None], identity: dict[str, str], born: str, sex: str,
    commune: str, category: dict[str, str],
) -> dict[str, object]:  # fmt: skip
    return {
        "name_ar": names[0], "name_lat": names[1], **identity, "birth_date": born, "sex": sex,
        "province_code": commune[:3], "commune_code": commune, "categories": [category],
    }  # fmt: skip


# fmt: off
SEED = [
    _person(("فاطمة الزهراء بنعلي", "Fatima Zahra Benali"), {"cin": "BK123456"}, "1958-03-14",
            "F", "KHN-001", {"category": "elderly_without_support", "evidence": "social survey",
                             "since": "2025-01-01"}),
    _person(("محمد أمين الإدريسي", None), {"civil_registry_ref": "KHN/2014/0912"}, "2014-09-02",
            "M", "KHN-001", {"category": "child_in_difficulty", "evidence": "court order",
                             "since": "2024-06-01"}),
    _person(("عائشة العلوي", "Aicha Alaoui"), {"cin": "LA98765"}, "1979-11-23", "F", "LAR-002",
            {"category": "disaster_affected", "evidence": "flood census February 2026",
             "since": "2026-02-10"}),
    _person((None, "Youssef Amrani"), {"cin": "G445566"}, "1990-01-30", "M", "KEN-001",
            {"category": "disability", "disability_type": "motor", "severity": "severe",
             "evidence": "medical certificate", "since": "2019-05-01"}),
]
# fmt: on

PORTS = {"intake": 0, "grants": 1, "reporting": 2}


async def _seed(base: str, token: str, console: Console) -> None:
    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {token}"}) as c:
        for person in SEED:
            response = await c.post("/beneficiaries", json=person)
            response.raise_for_status()
        console.print(f"seeded {len(SEED)} beneficiaries through intake's HTTP API")


async def _seed_grants(
    urls: dict[str, str], users: DemoUsers, grants: Any, console: Console, gateway_secret: str
) -> None:
    started = time.monotonic()
    await seed_khenifra(urls, users, grants.organisation_facts)
    console.print("Khenifra 2021: 3 applications filed in grants, approved and authorised")
    floods = await seed_floods(urls, users, gateway_secret)
    console.print(
        f"floods: {floods['households']} households imported into intake and claimed by SMS, "
        f"{floods['payment_lists']} payment lists approved and paid, "
        f"{floods['statements']} statements applied ({time.monotonic() - started:.1f}s)"
    )


def _print_summary(console: Console, summary: dict[str, Any]) -> None:
    console.rule("grants")
    envelopes = Table("envelope (MAD)", "allocated", "held", "disbursed", box=None)
    for e in summary["envelopes"]:
        cycle = e["cycle"] if len(e["cycle"]) <= 4 else ""  # a disaster's: named by the programme
        name = " ".join(filter(None, (e["programme"], cycle, e["province"])))
        envelopes.add_row(name, e["allocated"], e["held"], e["disbursed"])
    console.print(envelopes)
    console.print(f"  decisions: {summary['decisions']}")
    console.print(f"  payment lists: {summary['payment_lists']}; orders: {summary['orders']}")


async def _beneficiaries(base: str, token: str) -> int:
    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {token}"}) as c:
        response = await c.get("/beneficiaries", params={"limit": 1})
        response.raise_for_status()
        return int(response.json()["total"])


async def _counts(base: str, token: str) -> dict[str, object]:
    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {token}"}) as c:
        response = await c.get("/reports/counts")
        response.raise_for_status()
        data: dict[str, object] = response.json()
        return data


async def run_demo(settings: Settings, *, port_base: int, seed: bool, check: bool) -> int:
    console = Console()
    bus = InMemoryBus(partitions=settings.kafka_partitions)
    settings = settings.model_copy(
        update={"intake_url": f"http://{settings.http_host}:{port_base + PORTS['intake']}"}
    )
    runtimes = build_embedded(settings, bus)
    servers: list[uvicorn.Server] = []
    for runtime in runtimes:
        await runtime.start()
        config = uvicorn.Config(
            runtime.http,
            host=settings.http_host,
            port=port_base + PORTS[runtime.name],
            log_level="warning",
            lifespan="off",
        )
        servers.append(uvicorn.Server(config))
    tasks = [asyncio.create_task(s.serve()) for s in servers]
    while not all(s.started for s in servers):
        await asyncio.sleep(0.05)

    users = DemoUsers.minted(token_issuer(settings))
    urls = {r.name: f"http://{settings.http_host}:{port_base + PORTS[r.name]}" for r in runtimes}
    _banner(console, urls, users, settings)
    intake_store = runtimes[0].http.state.intake.store
    try:
        seeding = seed and intake_store.recorder.max_notification_id() is None
        if seeding:
            await _seed(urls["intake"], users.caseworker, console)
            secret = settings.intake_sms_gateway_secret.get_secret_value()
            await _seed_grants(urls, users, runtimes[1].http.state, console, secret)
        summary = await grants_summary(urls["grants"], users.auditor)
        _print_summary(console, summary)
        if check:
            print("grants summary:", json.dumps(summary), flush=True)
            enrolled = await _beneficiaries(urls["intake"], users.auditor)
            expected = {"beneficiaries_enrolled": enrolled, "decisions": summary["decisions"]}
            counted = await _wait_for_counts(urls["reporting"], users.auditor, expected, console)
            counted = counted or await _wait_for_institutions(urls, users.auditor, console)
            if counted:
                return counted
            shown = await reported(urls["reporting"], users.auditor, summary)
            if shown is None:
                console.print("[red]reporting's budgets and orders did not reach grants'[/red]")
                return 1
            print("reporting reports:", json.dumps(shown, ensure_ascii=False), flush=True)
            return 0
        await asyncio.gather(*tasks)
        return 0
    finally:
        for s in servers:
            s.should_exit = True
        with contextlib.suppress(Exception):
            await asyncio.gather(*tasks)
        await _stop_all(runtimes)


async def _wait_for_counts(
    base: str, token: str, expected: dict[str, object], console: Console
) -> int:
    """Until reporting counts every beneficiary intake holds and every decision grants holds,
    at the status grants shows."""
    for _ in range(200):
        counts = await _counts(base, token)
        seen = {
            "beneficiaries_enrolled": counts["beneficiaries_enrolled"],
            "decisions": counts["decisions_by_status"],
        }
        if seen == expected:
            console.print_json(data=counts)
            return 0
        await asyncio.sleep(0.1)
    console.print("[red]the counts did not reach the expected figures[/red]", counts)
    return 1


async def _wait_for_institutions(urls: dict[str, str], token: str, console: Console) -> int:
    """Until reporting's `institutions` report counts every institution intake holds in
    Khenifra; then prints it (the seed figures: 34 licensed, 5 in licensing)."""
    headers = {"Authorization": f"Bearer {token}"}
    province = {"province": "KHN"}
    async with httpx.AsyncClient(headers=headers) as c:
        listed = await c.get(f"{urls['intake']}/institutions", params={**province, "limit": 1})
        listed.raise_for_status()
        held = int(listed.json()["total"])
        for _ in range(200):
            report = await c.get(f"{urls['reporting']}/reports/institutions", params=province)
            report.raise_for_status()
            rows = report.json()["rows"]
            if sum(r["institutions"] for r in rows) == held:
                print("institutions report:", json.dumps(rows), flush=True)
                return 0
            await asyncio.sleep(0.1)
    console.print("[red]reporting did not count Khenifra's institutions[/red]", rows)
    return 1


async def _stop_all(runtimes: list[ServiceRuntime]) -> None:
    for runtime in reversed(runtimes):
        await runtime.stop()


def _banner(console: Console, urls: dict[str, str], users: DemoUsers, settings: Settings) -> None:
    console.rule("Taawun embedded demo")
    console.print(f"data: SQLite files in {settings.data_dir.resolve()}; transport: in-process")
    for name, url in urls.items():
        console.print(f"  {name:<10} {url}/docs  (OpenAPI: {url}/openapi.json)")
    console.print(f"caseworker token (KHN, LAR, KEN): {users.caseworker}")
    console.print(f"auditor token (all provinces):    {users.auditor}")
    link = f"{urls['reporting']}/dashboard#token={users.auditor}"
    # One line, however narrow the terminal: a link folded in two cannot be opened.
    console.print(f"dashboard (signs the auditor in): {link}", soft_wrap=True)
    console.print(f"admin token (all provinces):      {users.admin}")
    console.print(f"approver tokens (KHN, LAR, KEN):  {users.approver}")
    console.print(f"                                  {users.authoriser}")
    console.print(f'try: curl -H "Authorization: Bearer $TOKEN" {urls["reporting"]}/reports/counts')
    console.print(f"(seed data is dated {date.today().isoformat()}; Ctrl-C stops the demo)")
