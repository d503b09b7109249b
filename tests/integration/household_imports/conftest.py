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

from services.intake.application.imports.beneficiary_rows import HEADER
from services.intake.application.imports.household_rows import HOUSEHOLD_HEADER
from services.intake.bootstrap import build_intake_use_cases
from services.intake.interfaces.http.households import router as households_router
from services.intake.interfaces.http.imports import router as imports_router
from shared.auth import Role
from shared.eventstore import eventstore_env
from shared.http.app import create_app
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
