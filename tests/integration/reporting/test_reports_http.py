"""Reports over HTTP (embedded reporting on SQLite): JSON and CSV with a BOM, as of a date,
each caller's provinces, and every bad parameter a 422 naming it."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from services.reporting.application import Delivered
from services.reporting.bootstrap import build_reporting
from services.reporting.persistence.sql import SessionUnitOfWork
from shared.auth import Role
from shared.config import Settings
from shared.contracts.intake import BeneficiaryEnrolledV2, BeneficiaryMovedV1
from shared.messaging.memory import InMemoryBus, InMemoryTransport
from shared.runtime import ServiceRuntime
from tests.integration.reporting.projected import event_at
from tests.platform import ISSUER, token

T0 = datetime(2021, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
async def reporting(tmp_path: Path) -> AsyncIterator[ServiceRuntime]:
    settings = Settings(data_dir=tmp_path, database_url=None)
    runtime = build_reporting(settings, InMemoryTransport(InMemoryBus()), ISSUER)
    people = [uuid.uuid4() for _ in range(3)]
    events = [
        event_at(BeneficiaryEnrolledV2(beneficiary_id=people[0], province_code="KHN",
                 commune_code=None, sex="F", categories=["disability"]), T0),
        event_at(BeneficiaryEnrolledV2(beneficiary_id=people[1], province_code="KHN",
                 commune_code=None, sex="M", categories=["orphan", "disability"]), T0),
        event_at(BeneficiaryEnrolledV2(beneficiary_id=people[2], province_code="LAR",
                 commune_code=None, sex="F", categories=["elderly_without_support"]), T0),
        event_at(BeneficiaryMovedV1(beneficiary_id=people[0], province_code="LAR",
                 commune_code="LAR-001"), T0 + timedelta(days=2)),
    ]  # fmt: skip
    delivered = [Delivered(e, "intake.beneficiaries", 0, i) for i, e in enumerate(events)]
    engine = runtime.http.state.engine
    with SessionUnitOfWork(engine).transaction() as session:
        runtime.http.state.projector.apply(session, delivered)
    yield runtime
    engine.dispose()


def client(runtime: ServiceRuntime, bearer: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=runtime.http),
        base_url="http://reporting",
        headers={"Authorization": f"Bearer {bearer}"},
    )


def counts(body: dict[str, object]) -> dict[tuple[str, str], int]:
    rows = body["rows"]
    assert isinstance(rows, list)
    return {(r["province_code"], r["category"]): r["beneficiaries"] for r in rows}


async def test_a_report_as_of_a_date_and_now(reporting: ServiceRuntime) -> None:
    async with client(reporting, token(Role.AUDITOR)) as c:
        now = (await c.get("/reports/beneficiaries")).json()
        then = (await c.get("/reports/beneficiaries", params={"as_of": "2021-03-01"})).json()
    assert now["columns"] == ["province_code", "category", "status", "beneficiaries"]
    assert counts(now) == {
        ("KHN", "disability"): 1, ("KHN", "orphan"): 1, ("LAR", "disability"): 1,
        ("LAR", "elderly_without_support"): 1,
    }  # fmt: skip
    assert counts(then) == {
        ("KHN", "disability"): 2, ("KHN", "orphan"): 1, ("LAR", "elderly_without_support"): 1,
    }  # fmt: skip
    assert then["as_of"] == "2021-03-01T23:59:59.999999+00:00"


async def test_a_caseworker_sees_only_their_provinces_and_a_filter_narrows(
    reporting: ServiceRuntime,
) -> None:
    async with client(reporting, token(Role.CASEWORKER, provinces=("KHN",))) as c:
        mine = (await c.get("/reports/beneficiaries")).json()
        narrowed = (await c.get("/reports/beneficiaries", params={"category": "orphan"})).json()
    assert {r["province_code"] for r in mine["rows"]} == {"KHN"}
    assert counts(narrowed) == {("KHN", "orphan"): 1}


async def test_csv_is_utf8_with_a_bom_and_the_same_numbers(reporting: ServiceRuntime) -> None:
    async with client(reporting, token(Role.ADMIN)) as c:
        response = await c.get("/reports/beneficiaries", params={"format": "csv"})
        as_json = (await c.get("/reports/beneficiaries")).json()
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "province_code,category,status,beneficiaries"
    assert len(lines) == 1 + len(as_json["rows"])
    first = as_json["rows"][0]
    assert lines[1] == ",".join(str(first[c]) for c in as_json["columns"])


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/reports/beneficiaries", {"as_of": "yesterday"}, "as_of"),
        ("/reports/beneficiaries", {"as_of": "2021-13-40"}, "as_of"),
        ("/reports/beneficiaries", {"colour": "red"}, "colour"),
        ("/reports/budgetz", {}, "report"),
        ("/reports/decisions", {"year": "21"}, "year"),
        ("/reports/beneficiaries", {"format": "xlsx"}, "format"),
    ],
)
async def test_a_bad_parameter_is_a_422_naming_it(
    reporting: ServiceRuntime, path: str, params: dict[str, str], field: str
) -> None:
    async with client(reporting, token(Role.AUDITOR)) as c:
        response = await c.get(path, params=params)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"] == "invalid_request"
    assert [f["field"] for f in body["fields"]] == [field]


async def test_without_a_token_a_report_is_a_401_json(reporting: ServiceRuntime) -> None:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=reporting.http), base_url="http://reporting"
    ) as c:
        response = await c.get("/reports/beneficiaries")
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"


async def test_projections_say_their_versions_and_positions(reporting: ServiceRuntime) -> None:
    async with client(reporting, token(Role.AUDITOR)) as c:
        body = (await c.get("/reports/projections")).json()
    beneficiaries = next(p for p in body["projections"] if p["projection"] == "beneficiaries")
    assert beneficiaries["live_version"] == beneficiaries["code_version"] == 1
    assert beneficiaries["needs_replay"] is False
    assert beneficiaries["positions"][0]["topic"] == "intake.beneficiaries"
    assert "beneficiaries" in {r["report"] for r in body["reports"]}
