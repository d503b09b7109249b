"""Institutions and associations over HTTP, on intake's own SQLite event store."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from services.intake.application import Intake
from services.intake.bootstrap import build_intake_use_cases
from services.intake.interfaces.http.associations import router as associations_router
from services.intake.interfaces.http.institutions import router as institutions_router
from shared.auth import Role
from shared.eventstore import eventstore_env
from shared.http.app import create_app
from tests.infra import postgres_database, require_infra
from tests.platform import ISSUER, token

CASEWORKER_KHN = token(Role.CASEWORKER, provinces=("KHN",), subject="cw-khenifra")

DAR_AL_ATFAL = {
    "name_lat": "Dar Al Atfal Khenifra",
    "name_ar": "دار الأطفال خنيفرة",
    "type": "social_care_institution",
    "province_code": "KHN",
    "commune_code": "KHN-001",
    "capacity": 60,
    "licensing_status": "licensing_in_progress",
}
AL_AMAL = {
    "name": "جمعية الأمل لرعاية المسنين",
    "registration_number": "KHN-2014-0117",
    "province_code": "KHN",
    "fields_of_work": ["elderly_without_support", "disability"],
}


async def _ready() -> dict[str, str]:
    return {}


def _env(url: str) -> dict[str, str]:
    return eventstore_env(url) | {"LOOKUP_SECRET": "test"}


@pytest.fixture(params=["sqlite", "postgresql"])
def intake(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Intake]:
    """The index's upsert differs by dialect, so both databases are tried (PostgreSQL on CI)."""
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
        title="t",
        description="t",
        token_issuer=ISSUER,
        routers=[institutions_router, associations_router],
        ready=_ready,
    )
    app.state.intake = intake
    transport = httpx.ASGITransport(app=app)
    headers = {"Authorization": f"Bearer {CASEWORKER_KHN}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://t", headers=headers) as c:
        yield c


def as_(*roles: Role, provinces: tuple[str, ...] = ("*",)) -> dict[str, str]:
    return {"Authorization": f"Bearer {token(*roles, provinces=provinces)}"}


def fields_of(response: httpx.Response) -> list[str]:
    assert response.status_code == 422, response.text
    return [f["field"] for f in response.json()["fields"]]


async def register(client: httpx.AsyncClient, path: str, body: dict[str, Any]) -> str:
    response = await client.post(path, json=body)
    assert response.status_code == 201, response.text
    return str(response.json()[f"{path.strip('/')[:-1]}_id"])


async def license(client: httpx.AsyncClient, id_: str, status: str, on: str) -> httpx.Response:
    body = {"status": status, "effective_on": on, "reason": "décision du délégué"}
    return await client.post(f"/institutions/{id_}/licensing", json=body)
