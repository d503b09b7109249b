"""Households over HTTP, on intake's own event store (SQLite, and PostgreSQL on CI)."""

from __future__ import annotations

import types
from collections.abc import AsyncIterator, Iterator
from datetime import date
from itertools import count
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from services.intake.application import Enrolment, Intake
from services.intake.bootstrap import build_intake_use_cases
from services.intake.domain.beneficiary import category_entry
from services.intake.domain.personal import PersonalData
from services.intake.domain.reference import Category, Sex
from services.intake.interfaces.http.households import router
from shared.auth import Role
from shared.eventstore import eventstore_env
from shared.http.app import create_app
from tests.infra import postgres_database, require_infra
from tests.platform import ISSUER, token

FLOODS = "floods-2026-02-north-west"
SAFI = "floods-2025-12-safi"
DOUAR = "Douar Oulad Ogbane"
STREET = "Maison 14, derb Sidi Kacem"
CASEWORKER_LAR = token(Role.CASEWORKER, provinces=("LAR",), subject="cw-larache")


async def _ready() -> dict[str, str]:
    return {}


def _env(url: str) -> dict[str, str]:
    env = eventstore_env(url)
    env["LOOKUP_SECRET"] = "test-lookup-secret"
    return env


@pytest.fixture(params=["sqlite", "postgresql"])
def intake(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Intake]:
    if request.param == "sqlite":
        yield build_intake_use_cases(_env(f"sqlite:///{tmp_path}/intake.sqlite"))
        return
    require_infra()
    with postgres_database("intake") as url:
        app = build_intake_use_cases(_env(url))
        yield app
        app.store.close()


@pytest.fixture
async def client(intake: Intake) -> AsyncIterator[httpx.AsyncClient]:
    app: FastAPI = create_app(
        title="t", description="t", token_issuer=ISSUER, routers=[router], ready=_ready
    )
    app.state.intake = intake
    app.state.relay = types.SimpleNamespace(wake=lambda: None)
    transport = httpx.ASGITransport(app=app)
    headers = {"Authorization": f"Bearer {CASEWORKER_LAR}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://t", headers=headers) as c:
        yield c


_cins = count(10000)


def enrol(intake: Intake, province_code: str = "LAR", commune_code: str = "LAR-001") -> str:
    personal = PersonalData(
        name_ar="خديجة المرابط",
        name_lat="Khadija Mrabet",
        cin=f"LA{next(_cins)}",
        civil_registry_ref=None,
        birth_date=date(1975, 5, 2),
        phone=None,
        address=None,
    )
    enrolment = Enrolment(
        personal=personal,
        sex=Sex.FEMALE,
        province_code=province_code,
        commune_code=commune_code,
        categories=[
            category_entry(
                Category.DISASTER_AFFECTED, evidence="flood census", since=date(2026, 2, 10)
            )
        ],
    )
    return str(intake.beneficiaries.enrol_beneficiary(enrolment, actor="t"))


def as_(*roles: Role, provinces: tuple[str, ...] = ("*",)) -> dict[str, str]:
    return {"Authorization": f"Bearer {token(*roles, provinces=provinces)}"}


def fields_of(response: httpx.Response) -> list[str]:
    assert response.status_code == 422, response.text
    return [f["field"] for f in response.json()["fields"]]


def household_body(head_id: str, **changes: Any) -> dict[str, Any]:
    body = {
        "head_id": head_id,
        "province_code": "LAR",
        "commune_code": "LAR-001",
        "douar": DOUAR,
        "address": STREET,
    }
    return {**body, **changes}


async def register(client: httpx.AsyncClient, head_id: str, **changes: Any) -> str:
    response = await client.post("/households", json=household_body(head_id, **changes))
    assert response.status_code == 201, response.text
    return str(response.json()["household_id"])


async def impact(
    client: httpx.AsyncClient, household_id: str, disaster: str = FLOODS, **body: Any
) -> httpx.Response:
    body = {"evacuated": True, "damage": "repairable", **body}
    return await client.put(f"/households/{household_id}/disaster-impacts/{disaster}", json=body)
