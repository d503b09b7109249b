"""Territory reference data over HTTP, with admin-added communes kept in the event store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from services.intake.bootstrap import build_intake_use_cases
from services.intake.domain.commune_registry import COMMUNE_REGISTRY_ID
from services.intake.interfaces.http.reference import router
from shared.auth import Role, TokenIssuer
from shared.eventstore import eventstore_env
from shared.http.app import create_app

ISSUER = TokenIssuer(secret="x" * 40, issuer="taawun", audience="taawun-api")
ADMIN = {"Authorization": f"Bearer {ISSUER.mint('admin-1', [Role.ADMIN], ['*'])}"}
CASEWORKER = {"Authorization": f"Bearer {ISSUER.mint('cw-1', [Role.CASEWORKER], ['LAR'])}"}
KHEMIS_SAHEL = {
    "code": "LAR-101",
    "province_code": "LAR",
    "name_lat": "Khemis Sahel",
    "name_ar": "خميس الساحل",
    "kind": "rural",
}


async def _ready() -> dict[str, str]:
    return {}


def _env(tmp_path: Path) -> dict[str, str]:
    return eventstore_env(f"sqlite:///{tmp_path}/intake.sqlite") | {"LOOKUP_SECRET": "test"}


@pytest.fixture
def app(tmp_path: Path) -> FastAPI:
    http = create_app(
        title="reference test",
        description="reference data only",
        token_issuer=ISSUER,
        routers=[router],
        ready=_ready,
    )
    http.state.intake = build_intake_use_cases(_env(tmp_path))
    return http


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        yield c


async def test_reading_needs_a_token(client: httpx.AsyncClient) -> None:
    assert (await client.get("/reference/regions")).status_code == 401
    response = await client.get("/reference/regions", headers=CASEWORKER)
    assert response.status_code == 200
    assert len(response.json()) == 12


async def test_provinces_by_region_and_their_communes(client: httpx.AsyncClient) -> None:
    everywhere = await client.get("/reference/provinces", headers=CASEWORKER)
    assert len(everywhere.json()) == 75
    oriental = await client.get("/reference/provinces", params={"region": "ORI"}, headers=ADMIN)
    assert {p["code"] for p in oriental.json()} >= {"OUJ", "NAD", "BRK"}
    assert (await client.get("/reference/provinces?region=XXX", headers=ADMIN)).status_code == 404
    larache = await client.get("/reference/provinces/LAR/communes", headers=CASEWORKER)
    assert larache.json()[0] == {
        "code": "LAR-001",
        "name_lat": "Larache",
        "name_ar": "العرائش",
        "kind": "urban",
        "province_code": "LAR",
    }
    unknown = await client.get("/reference/provinces/ZZZ/communes", headers=CASEWORKER)
    assert unknown.status_code == 404
    assert unknown.json()["error"] == "not_found"


async def test_only_an_admin_adds_a_commune(client: httpx.AsyncClient) -> None:
    assert (await client.post("/reference/communes", json=KHEMIS_SAHEL)).status_code == 401
    forbidden = await client.post("/reference/communes", json=KHEMIS_SAHEL, headers=CASEWORKER)
    assert forbidden.status_code == 403
    created = await client.post("/reference/communes", json=KHEMIS_SAHEL, headers=ADMIN)
    assert created.status_code == 201
    assert created.json() == KHEMIS_SAHEL | {"province_code": "LAR"}
    listed = await client.get("/reference/provinces/LAR/communes", headers=CASEWORKER)
    assert listed.json()[-1]["code"] == "LAR-101"
    again = await client.post("/reference/communes", json=KHEMIS_SAHEL, headers=ADMIN)
    assert again.status_code == 422


async def test_added_communes_survive_a_restart(app: FastAPI, tmp_path: Path) -> None:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        await c.post("/reference/communes", json=KHEMIS_SAHEL, headers=ADMIN)
    restarted = build_intake_use_cases(_env(tmp_path))
    assert restarted.reference.territory().knows_commune("LAR-101", "LAR")
    history = restarted.store.history(COMMUNE_REGISTRY_ID)
    assert [(e.what, e.who) for e in history][-1] == ("CommuneAdded", "admin-1")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"code": "LAR-12"}, "code"),
        ({"code": "KEN-101"}, "code"),
        ({"code": "LAR-001"}, "code"),
        ({"province_code": "ZZZ", "code": "ZZZ-001"}, "province_code"),
        ({"kind": "suburban"}, "kind"),
        ({"population": 1000}, "population"),
    ],
)
async def test_a_bad_commune_is_422_naming_the_field(
    client: httpx.AsyncClient, change: dict[str, object], field: str
) -> None:
    response = await client.post("/reference/communes", json=KHEMIS_SAHEL | change, headers=ADMIN)
    assert response.status_code == 422
    assert [p["field"] for p in response.json()["fields"]] == [field]
    listed = await client.get("/reference/provinces/LAR/communes", headers=ADMIN)
    assert "LAR-101" not in {c["code"] for c in listed.json()}
