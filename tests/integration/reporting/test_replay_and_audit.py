"""`taawun replay` and `taawun audit check` on real Kafka and PostgreSQL, while the live
consumer keeps applying: enrolments through intake's HTTP API reach reporting; a replay
rebuilds the projections from offset 0 beside the live ones and switches reads to them; the
audit check finds the live projections equal to a rebuild, then names the one row an
operator corrupted."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from rich.console import Console
from sqlalchemy import text, update
from sqlalchemy.orm import Session

from services.reporting.application.projections import beneficiaries
from shared.auth import Role
from shared.config import Settings
from taawun.replay_cmd import audit_check, replay
from tests.infra import KAFKA_BOOTSTRAP, require_infra
from tests.integration.test_walking_skeleton import FATIMA
from tests.platform import Platform, eventually, kafka_platform, token

PEOPLE = 12


@pytest.fixture
async def platform() -> AsyncIterator[Platform]:
    require_infra()
    async with kafka_platform() as p:
        yield p


def settings_of(platform: Platform) -> Settings:
    url = platform.reporting.http.state.engine.url.render_as_string(hide_password=False)
    return Settings(
        database_url=url, kafka_bootstrap=KAFKA_BOOTSTRAP, kafka_namespace=platform.namespace
    )


async def enrol(platform: Platform, n: int, first: int = 0) -> None:
    async with platform.client(platform.intake, token(Role.CASEWORKER, provinces=("KHN",))) as c:
        for i in range(first, first + n):
            person = {**FATIMA, "cin": f"BK{700000 + i}", "name_lat": f"Person {i}"}
            response = await c.post("/beneficiaries", json=person)
            assert response.status_code == 201, response.text


async def report(platform: Platform) -> dict[str, Any]:
    async with platform.client(platform.reporting, token(Role.AUDITOR)) as c:
        response = await c.get("/reports/beneficiaries")
        assert response.status_code == 200, response.text
        data: dict[str, Any] = response.json()
        return data


def counted(data: dict[str, Any]) -> int:
    return sum(int(r["beneficiaries"]) for r in data["rows"])


def generation(platform: Platform, name: str) -> int:
    with Session(platform.reporting.http.state.engine) as s:
        live = platform.reporting.http.state.store.live(s)
        return int(live[name].number)


async def test_replay_switches_to_a_rebuild_and_the_live_consumer_follows_it(
    platform: Platform,
) -> None:
    await enrol(platform, PEOPLE)

    async def all_counted() -> bool:
        return counted(await report(platform)) == PEOPLE

    await eventually(all_counted, what="reporting to count the enrolments")
    before = await report(platform)

    assert await replay(settings_of(platform), [], Console(record=True)) == 0

    assert generation(platform, "beneficiaries") == 2
    assert (await report(platform))["rows"] == before["rows"]
    await enrol(platform, 3, first=PEOPLE)  # the live consumer now applies to generation 2

    async def more_counted() -> bool:
        return counted(await report(platform)) == PEOPLE + 3

    await eventually(more_counted, what="the live consumer to apply to the new generation")
    console = Console(record=True, width=200)
    assert await audit_check(settings_of(platform), ["beneficiaries"], console) == 0
    assert "equal to a rebuild" in console.export_text()


async def test_audit_check_names_the_one_corrupted_row(platform: Platform) -> None:
    await enrol(platform, 4)

    async def all_counted() -> bool:
        return counted(await report(platform)) == 4

    await eventually(all_counted, what="reporting to count the enrolments")
    store = platform.reporting.http.state.store
    with Session(platform.reporting.http.state.engine) as s, s.begin():
        live = store.live(s)["beneficiaries"]
        table = store.table(live, beneficiaries.MEMBERSHIP)
        key = s.execute(text(f"SELECT key FROM {table.name} ORDER BY key LIMIT 1")).scalar_one()
        s.execute(update(table).where(table.c.key == key).values(province_code="LAR"))

    console = Console(record=True, width=400)
    assert await audit_check(settings_of(platform), ["beneficiaries"], console) == 1
    out = console.export_text()
    assert f"beneficiaries.membership key={key}" in out
    assert "province_code=LAR" in out and "province_code=KHN" in out
    assert "1 difference(s)" in out


async def test_replay_in_two_processes_switches_every_projection(platform: Platform) -> None:
    await enrol(platform, 5)

    async def all_counted() -> bool:
        return counted(await report(platform)) == 5

    await eventually(all_counted, what="reporting to count the enrolments")
    before = await report(platform)

    assert await replay(settings_of(platform), [], Console(record=True), workers=2) == 0

    assert generation(platform, "beneficiaries") == 2
    assert generation(platform, "decisions") == 2
    assert (await report(platform))["rows"] == before["rows"]
    console = Console(record=True, width=200)
    assert await audit_check(settings_of(platform), [], console) == 0
