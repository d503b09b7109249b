"""The error rules of every service (shared/http): bounded integers, 404 for any record that is
not there, JSON for any unexpected error, one 422 shape, one province rule for every list."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import APIRouter
from structlog.testing import capture_logs

from shared.auth import Role
from shared.http.app import create_app
from shared.http.params import MAX_OFFSET
from tests.integration.test_walking_skeleton import FATIMA
from tests.platform import ISSUER, Platform, embedded_platform, token

LISTS = ["/beneficiaries", "/households", "/institutions", "/associations"]
PERSONAL = "Fatima Zahra Benali, BK123456"  # what an exception's message might quote
TOO_BIG = str(2**63)  # 9223372036854775808: one past SQLite's and PostgreSQL's bigint


@pytest.fixture
async def services(tmp_path: Path) -> AsyncIterator[Platform]:
    async with embedded_platform(tmp_path) as platform:
        yield platform


def caseworker(*provinces: str) -> str:
    return token(Role.CASEWORKER, provinces=provinces or ("*",), subject="cw")


async def enrolled(services: Platform) -> str:
    async with services.client(services.intake, caseworker()) as c:
        response = await c.post("/beneficiaries", json=FATIMA)
    assert response.status_code == 201, response.text
    beneficiary_id: str = response.json()["beneficiary_id"]
    return beneficiary_id


@pytest.mark.parametrize("path", [*LISTS, "/imports/{job}"])
async def test_an_offset_beyond_any_integer_is_422_not_500(services: Platform, path: str) -> None:
    path = path.format(job=uuid.uuid4())
    async with services.client(services.intake, caseworker()) as c:
        response = await c.get(path, params={"offset": TOO_BIG})
        assert response.status_code == 422, response.text
        assert response.json()["error"] == "invalid_request"
        assert [f["field"] for f in response.json()["fields"]] == ["query.offset"]
        if path in LISTS:  # the largest offset allowed is an empty page, not an error
            last = await c.get(path, params={"offset": MAX_OFFSET})
            assert last.status_code == 200, last.text
            assert last.json()["items"] == []


async def test_merging_into_an_unknown_record_is_404_json(services: Platform) -> None:
    beneficiary_id = await enrolled(services)
    async with services.client(services.intake, caseworker()) as c:
        response = await c.post(
            f"/beneficiaries/{beneficiary_id}/merge-into/{uuid.uuid4()}", json={"reason": "same"}
        )
    assert response.status_code == 404, response.text
    assert response.json() == {"error": "not_found", "detail": "no such record"}


async def test_a_422_raised_by_a_router_has_the_one_422_shape(services: Platform) -> None:
    beneficiary_id = await enrolled(services)
    async with services.client(services.intake, caseworker()) as c:
        response = await c.post(
            f"/beneficiaries/{beneficiary_id}/corrections",
            json={"changes": {"shoe_size": 42}, "reason": "typo"},
        )
        missing_body = await c.post("/beneficiaries")
    assert response.status_code == 422, response.text
    assert response.json() == {
        "error": "invalid_request",
        "detail": "not personal fields: shoe_size",
        "fields": [{"field": "body", "message": "not personal fields: shoe_size"}],
    }
    assert missing_body.status_code == 422
    assert [f["field"] for f in missing_body.json()["fields"]] == ["body"]


async def test_an_unexpected_error_answers_json_500_and_logs_no_personal_data() -> None:
    router = APIRouter()

    @router.get("/boom")
    async def boom() -> None:
        raise ValueError(PERSONAL)

    async def ready() -> dict[str, str]:
        return {}

    app = create_app(title="t", description="t", token_issuer=ISSUER, routers=[router], ready=ready)
    transport = httpx.ASGITransport(app=app)  # raises whatever escapes the app
    with capture_logs() as logs:
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            response = await c.get("/boom")
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {
        "error": "internal_server_error",
        "detail": "an unexpected error; it is logged",
    }
    [entry] = [e for e in logs if e["event"] == "http.unexpected_error"]
    assert entry["log_level"] == "error"
    assert entry["error_type"] == "builtins.ValueError"
    assert (entry["method"], entry["route"]) == ("GET", "/boom")
    assert "raise ValueError(PERSONAL)" in entry["traceback"]  # the frames, with their code
    assert "BK123456" not in repr(logs) and "Benali" not in repr(logs)


async def _listed(c: httpx.AsyncClient, path: str, **params: Any) -> httpx.Response:
    return await c.get(path, params=params)


@pytest.mark.parametrize("path", LISTS)
async def test_every_list_follows_one_province_rule(services: Platform, path: str) -> None:
    """A filter naming a province outside the caller's is 403; no filter means the caller's."""
    khenifra = caseworker("KHN")
    async with services.client(services.intake, khenifra) as c:
        elsewhere = await _listed(c, path, province="LAR")
        assert elsewhere.status_code == 403, elsewhere.text
        assert elsewhere.json() == {
            "error": "forbidden",
            "detail": "not allowed to act in province 'LAR'",
        }
        assert (await _listed(c, path, province="KHN")).status_code == 200
        assert (await _listed(c, path)).status_code == 200
    for everywhere in (caseworker(), token(Role.ADMIN, provinces=())):
        async with services.client(services.intake, everywhere) as c:
            assert (await _listed(c, path, province="LAR")).status_code == 200


async def test_no_filter_lists_only_the_callers_provinces(services: Platform) -> None:
    await enrolled(services)  # in Khénifra
    async with services.client(services.intake, caseworker("LAR")) as c:
        assert (await _listed(c, "/beneficiaries")).json()["total"] == 0
    async with services.client(services.intake, caseworker("KHN")) as c:
        assert (await _listed(c, "/beneficiaries")).json()["total"] == 1
