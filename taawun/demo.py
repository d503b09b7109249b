"""The embedded demo: three services, their HTTP APIs, SQLite files, one in-process bus."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import date

import httpx
import uvicorn
from rich.console import Console

from shared.auth import Role
from shared.config import Settings
from shared.messaging.memory import InMemoryBus
from shared.runtime import ServiceRuntime
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


async def _counts(base: str, token: str) -> dict[str, object]:
    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {token}"}) as c:
        response = await c.get("/reports/counts")
        response.raise_for_status()
        data: dict[str, object] = response.json()
        return data


async def run_demo(settings: Settings, *, port_base: int, seed: bool, check: bool) -> int:
    console = Console()
    bus = InMemoryBus(partitions=settings.kafka_partitions)
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

    issuer = token_issuer(settings)
    caseworker = issuer.mint("demo-caseworker", [Role.CASEWORKER], ["KHN", "LAR", "KEN"])
    auditor = issuer.mint("demo-auditor", [Role.AUDITOR], ["*"])
    urls = {r.name: f"http://{settings.http_host}:{port_base + PORTS[r.name]}" for r in runtimes}
    _banner(console, urls, caseworker, auditor, settings)
    intake_store = runtimes[0].http.state.intake.store
    try:
        seeding = seed and intake_store.recorder.max_notification_id() is None
        if seeding:
            await _seed(urls["intake"], caseworker, console)
        if check:
            expected = intake_store.recorder.max_notification_id() or 0
            return await _wait_for_counts(urls["reporting"], auditor, expected, console)
        await asyncio.gather(*tasks)
        return 0
    finally:
        for s in servers:
            s.should_exit = True
        with contextlib.suppress(Exception):
            await asyncio.gather(*tasks)
        await _stop_all(runtimes)


async def _wait_for_counts(base: str, token: str, expected: int, console: Console) -> int:
    for _ in range(200):
        counts = await _counts(base, token)
        if counts["beneficiaries_enrolled"] == counts["eligibility_reviews_opened"] == expected:
            console.print_json(data=counts)
            return 0
        await asyncio.sleep(0.1)
    console.print("[red]the counts did not reach the expected figures[/red]", counts)
    return 1


async def _stop_all(runtimes: list[ServiceRuntime]) -> None:
    for runtime in reversed(runtimes):
        await runtime.stop()


def _banner(
    console: Console, urls: dict[str, str], caseworker: str, auditor: str, settings: Settings
) -> None:
    console.rule("Taawun embedded demo")
    console.print(f"data: SQLite files in {settings.data_dir.resolve()}; transport: in-process")
    for name, url in urls.items():
        console.print(f"  {name:<10} {url}/docs")
    console.print(f"caseworker token (KHN, LAR, KEN): {caseworker}")
    console.print(f"auditor token (all provinces):    {auditor}")
    console.print(f'try: curl -H "Authorization: Bearer $TOKEN" {urls["reporting"]}/reports/counts')
    console.print(f"(seed data is dated {date.today().isoformat()}; Ctrl-C stops the demo)")
