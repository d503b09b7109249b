"""Household import over HTTP: a census grouped by household, per-row answers with reasons,
idempotent re-import, progress, limits, and the CLI."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from rich.console import Console

from services.intake.application.imports.beneficiary_rows import HEADER
from services.intake.application.imports.household_rows import HOUSEHOLD_HEADER
from services.intake.bootstrap import build_intake_use_cases
from services.intake.interfaces.http.households import router as households_router
from services.intake.interfaces.http.imports import router as imports_router
from shared.auth import Role
from shared.eventstore import eventstore_env
from shared.http.app import create_app
from taawun.import_cmd import import_file
from tests.integration.test_imports_api import serving
from tests.platform import ISSUER, token

CASEWORKER = token(Role.CASEWORKER, provinces=("LAR", "KEN"), subject="cw-lar")
AUDITOR = token(Role.AUDITOR, subject="auditor")
FLOODS = "floods-2026-02-north-west"


async def _ready() -> dict[str, str]:
    return {}


def person(cin: str, province: str = "LAR", commune: str = "LAR-002") -> str:
    values = {
        "name_ar": f"مواطن {cin}",
        "name_lat": f"Citizen {cin}",
        "cin": cin,
        "civil_registry_ref": "",
        "birth_date": "1980-01-01",
        "sex": "F",
        "phone": "",
        "address": "",
        "province_code": province,
        "commune_code": commune,
        "category": "disaster_affected",
        "disability_type": "",
        "severity": "",
        "evidence": "flood census",
        "since": "2026-02-14",
    }
    return ",".join(values[c] for c in HEADER)


def member(ref: str, head: str, cin: str = "", relation: str = "head", **cells: str) -> str:
    values = {
        "household_ref": ref,
        "head_cin": head,
        "member_cin": cin,
        "relation": relation,
        "province_code": "",
        "commune_code": "",
        "douar": "",
        "address": "",
        "disaster": "",
        "evacuated": "",
        "damage": "",
    } | cells
    return ",".join(values[c] for c in HOUSEHOLD_HEADER)


def head(ref: str, cin: str, **cells: str) -> str:
    place = {
        "province_code": "LAR",
        "commune_code": "LAR-002",
        "douar": "دوار أولاد حمو",
        "address": '"الدار 12، القصر الكبير"',
        "disaster": FLOODS,
        "evacuated": "yes",
        "damage": "repairable",
    }
    return member(ref, cin, **(place | cells))


def csv_of(*rows: str) -> bytes:
    return "\n".join([",".join(HOUSEHOLD_HEADER), *rows]).encode() + b"\n"


ENROLLED = ["BK1", "BK2", "BK3", "BK4", "BK5", "BK6"]
CENSUS = csv_of(
    head("H-001", "BK1"),  # 2 accepted: household registered, impact recorded
    member("H-001", "BK1", "BK2", "spouse"),  # 3 accepted
    member("H-001", "BK1", "BK3", "child"),  # 4 accepted
    head("H-002", "BK4", disaster="", evacuated="", damage=""),  # 5 accepted
    member("H-002", "BK4", "ZZ999", "child"),  # 6 rejected: not enrolled
    member("H-002", "BK4", "BK5", "cousin"),  # 7 rejected: bad relation
    member("H-002", "BK4", "BK6", "parent", province_code="KEN"),  # 8 rejected: contradicts
    head("H-003", "XX404"),  # 9 rejected: head not enrolled
    member("H-003", "XX404", "BK5", "sibling"),  # 10 rejected: the head's reasons
)


@pytest.fixture
def app(tmp_path: Path) -> Iterator[FastAPI]:
    http = create_app(
        title="t",
        description="t",
        token_issuer=ISSUER,
        routers=[imports_router, households_router],
        ready=_ready,
    )
    intake = build_intake_use_cases(
        eventstore_env(f"sqlite:///{tmp_path}/intake.sqlite") | {"LOOKUP_SECRET": "test"}
    )
    people = "\n".join([",".join(HEADER), *(person(c) for c in ENROLLED)]) + "\n"
    enrolled = intake.beneficiary_import.import_beneficiaries(people, actor="setup")
    assert len(enrolled.accepted) == len(ENROLLED), enrolled.rejected
    http.state.intake = intake
    http.state.relay = SimpleNamespace(wake=lambda: None)
    yield http
    intake.store.close()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        yield c


def bearer(value: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {value}"}


async def upload(client: httpx.AsyncClient, data: bytes, who: str = CASEWORKER) -> httpx.Response:
    return await client.post(
        "/imports/households", content=data, headers={**bearer(who), "Content-Type": "text/csv"}
    )


async def finished(client: httpx.AsyncClient, job_id: str) -> dict[str, Any]:
    seen: list[dict[str, Any]] = []
    for _ in range(600):
        response = await client.get(f"/imports/{job_id}", headers=bearer(CASEWORKER))
        assert response.status_code == 200, response.text
        job: dict[str, Any] = response.json()
        seen.append(job)
        if job["status"] in ("done", "failed"):
            job["seen"] = seen
            return job
        await asyncio.sleep(0.02)
    raise AssertionError(f"import {job_id} did not finish: {seen[-1]}")


async def import_census(client: httpx.AsyncClient, data: bytes = CENSUS) -> dict[str, Any]:
    response = await upload(client, data)
    assert response.status_code == 202, response.text
    assert response.json()["total_rows"] == data.count(b"\n") - 1
    return await finished(client, response.json()["job_id"])


async def household(client: httpx.AsyncClient, household_id: str) -> dict[str, Any]:
    response = await client.get(f"/households/{household_id}", headers=bearer(CASEWORKER))
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


async def test_a_census_gets_an_answer_per_row(app: FastAPI, client: httpx.AsyncClient) -> None:
    job = await import_census(client)
    assert job["status"] == "done" and job["progress"] == 1.0 and job["kind"] == "households"
    assert job["counts"] == {"accepted": 4, "duplicates": 0, "rejected": 5}
    accepted = {a["row"]: a["beneficiary_id"] for a in job["accepted"]}  # the household's id
    assert sorted(accepted) == [2, 3, 4, 5]
    assert accepted[2] == accepted[3] == accepted[4] != accepted[5]
    rejected = {r["row"]: r["reasons"] for r in job["rejected"]}
    assert sorted(rejected) == [6, 7, 8, 9, 10]
    assert rejected[6] == [
        "member_cin: no beneficiary enrolled with this national ID (enrol or import them first)"
    ]
    assert [r.split(":")[0] for r in rejected[7]] == ["relation"]
    assert rejected[8] == ["province_code: differs from the head's row (row 5)"]
    assert rejected[9] == [
        "head_cin: no beneficiary enrolled with this national ID (enrol or import them first)"
    ]
    assert rejected[10] == [
        "head: head_cin: no beneficiary enrolled with this national ID "
        "(enrol or import them first) (row 9)"
    ]

    intake = app.state.intake
    first = await household(client, accepted[2])
    assert first["head_id"] == str(intake.views.find_by_national_id("BK1"))
    assert first["douar"] == "دوار أولاد حمو" and first["address"] == "الدار 12، القصر الكبير"
    assert {m["relation"] for m in first["members"]} == {"head", "spouse", "child"}
    assert first["disaster_impacts"] == [
        {"disaster": FLOODS, "evacuated": True, "damage": "repairable"}
    ]
    second = await household(client, accepted[5])
    assert second["member_count"] == 1 and second["disaster_impacts"] == []
    found = intake.views.find_by_national_id("BK5")
    assert found is not None  # (mypy) the person is enrolled
    assert intake.household_views.household_headed_by(found) is None


async def test_the_same_census_twice_creates_nothing_new(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    first = await import_census(client)
    recorded = app.state.intake.store.recorder.max_notification_id()
    second = await import_census(client)
    assert app.state.intake.store.recorder.max_notification_id() == recorded
    assert second["counts"] == {"accepted": 0, "duplicates": 4, "rejected": 5}
    assert {d["row"]: d["existing_id"] for d in second["duplicates"]} == {
        a["row"]: a["beneficiary_id"] for a in first["accepted"]
    }
    assert second["rejected"] == first["rejected"]


async def test_a_corrected_impact_and_a_new_member_are_recorded_on_the_same_household(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    first = await import_census(client)
    household_id = first["accepted"][0]["beneficiary_id"]
    again = await import_census(
        client,
        csv_of(
            head("H-001", "BK1", damage="destroyed"),
            member("H-001", "BK1", "BK2", "spouse"),
            member("H-001", "BK1", "BK5", "sibling"),
            member("H-001", "BK1", "BK3", "parent"),
        ),
    )
    assert [(a["row"], a["beneficiary_id"]) for a in again["accepted"]] == [
        (2, household_id),
        (4, household_id),
    ]
    assert again["duplicates"] == [{"row": 3, "existing_id": household_id}]
    assert again["rejected"] == [
        {"row": 5, "reasons": ["relation: already a member of this household as child"]}
    ]
    found = await household(client, household_id)
    assert found["member_count"] == 4
    assert found["disaster_impacts"][0]["damage"] == "destroyed"


async def test_status_goes_from_queued_to_done(client: httpx.AsyncClient) -> None:
    rows = [head(f"H-{i:04d}", "BK1" if i == 0 else f"ZZ{i}") for i in range(1_500)]
    response = await upload(client, csv_of(*rows))
    assert response.status_code == 202
    assert response.json()["status"] == "queued" and response.json()["total_rows"] == 1_500
    job = await finished(client, response.json()["job_id"])
    assert job["status"] == "done"
    progress = [j["progress"] for j in job["seen"]]
    assert progress == sorted(progress) and progress[-1] == 1.0
    assert {j["processed_rows"] for j in job["seen"]} <= {0, 1000, 1500}
    assert job["counts"] == {"accepted": 1, "duplicates": 0, "rejected": 1_499}


async def test_an_oversized_upload_is_413(app: FastAPI, client: httpx.AsyncClient) -> None:
    app.state.import_limit_bytes = 500
    response = await upload(client, csv_of(*(head(f"H-{i}", "BK1") for i in range(10))))
    assert response.status_code == 413
    assert response.json()["error"] == "payload_too_large"


async def test_a_beneficiaries_file_is_refused_as_a_whole(client: httpx.AsyncClient) -> None:
    response = await upload(client, ("\n".join([",".join(HEADER), person("BK9")])).encode())
    assert response.status_code == 422
    assert "unknown columns: name_ar" in response.json()["detail"]
    assert (await upload(client, CENSUS, who=AUDITOR)).status_code == 403


async def test_households_outside_the_callers_provinces_are_rejected(
    client: httpx.AsyncClient,
) -> None:
    only_kenitra = token(Role.CASEWORKER, provinces=("KEN",), subject="cw-lar")
    data = csv_of(
        head("H-1", "BK1"),
        member("H-1", "BK1", "BK2", "spouse"),
        head("H-2", "BK4", province_code="KEN", commune_code="KEN-001"),
    )
    response = await upload(client, data, who=only_kenitra)
    job = await finished(client, response.json()["job_id"])
    assert job["accepted"] == []
    assert job["rejected"] == [
        {"row": 2, "reasons": ["province_code: not allowed for you"]},
        {"row": 3, "reasons": ["head: province_code: not allowed for you (row 2)"]},
        {
            "row": 4,
            "reasons": ["head_cin: not allowed for you (enrolled in a province outside yours)"],
        },
    ]


def test_the_cli_uploads_follows_and_summarises(app: FastAPI, tmp_path: Path) -> None:
    path = tmp_path / "census.csv"
    path.write_bytes(CENSUS)
    console = Console(record=True, width=160)
    with serving(app) as url:
        code = import_file(
            path, url, CASEWORKER, kind="households", console=console, poll_seconds=0.02
        )
    out = console.export_text()
    assert code == 0
    assert "4 accepted, 0 already recorded, 5 rejected of 9 rows" in out
    assert "relation: Input should be" in out
