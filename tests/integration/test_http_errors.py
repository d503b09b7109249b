"""401, 403 and 422 answer JSON and change nothing (embedded services, no servers needed)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from shared.auth import Role, TokenIssuer
from tests.integration.test_walking_skeleton import FATIMA
from tests.platform import Platform, embedded_platform, token


@pytest.fixture
async def services(tmp_path: Path) -> AsyncIterator[Platform]:
    async with embedded_platform(tmp_path) as platform:
        yield platform


def stored_events(platform: Platform) -> int:
    return platform.intake.http.state.intake.store.recorder.max_notification_id() or 0


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "Bearer not-a-jwt",
        "Basic dXNlcjpwYXNz",
        "Bearer "
        + TokenIssuer(secret="w" * 40, issuer="taawun", audience="taawun-api").mint(
            "mallory", [Role.ADMIN], ["*"]
        ),
    ],
)
async def test_missing_or_bad_token_is_401_json(
    services: Platform, authorization: str | None
) -> None:
    async with services.client(services.intake) as c:
        headers = {"Authorization": authorization} if authorization else {}
        response = await c.post("/beneficiaries", json=FATIMA, headers=headers)
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"
    assert response.headers["www-authenticate"] == "Bearer"
    assert stored_events(services) == 0


async def test_wrong_role_or_province_is_403_json(services: Platform) -> None:
    async with services.client(services.intake, token(Role.AUDITOR)) as c:
        response = await c.post("/beneficiaries", json=FATIMA)
    assert response.status_code == 403
    assert response.json() == {
        "error": "forbidden",
        "detail": "this needs one of the roles: caseworker",
    }
    async with services.client(services.intake, token(Role.CASEWORKER, provinces=("SAF",))) as c:
        response = await c.post("/beneficiaries", json=FATIMA)
    assert response.status_code == 403
    assert "KHN" in response.json()["detail"]
    async with services.client(services.reporting, token(Role.CASEWORKER, provinces=())) as c:
        assert (await c.get("/reports/counts")).status_code == 200
    assert stored_events(services) == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"cin": "12345"}, "cin"),
        ({"birth_date": "1990-02-31"}, "birth_date"),
        ({"birth_date": "2090-01-01"}, "birth_date"),
        ({"category": "wizard"}, "category"),
        ({"province_code": "ZZZ"}, "province_code"),
        ({"name_ar": None, "name_lat": None}, "name_ar"),
        ({"shoe_size": 42}, "shoe_size"),
    ],
)
async def test_invalid_body_is_422_naming_the_field(
    services: Platform, change: dict[str, object], field: str
) -> None:
    async with services.client(services.intake, token(Role.CASEWORKER)) as c:
        response = await c.post("/beneficiaries", json={**FATIMA, **change})
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"] == "invalid_request"
    assert field in [f["field"] for f in body["fields"]]
    assert stored_events(services) == 0


async def test_health_needs_no_token_and_docs_are_published(services: Platform) -> None:
    async with services.client(services.grants) as c:
        assert (await c.get("/health/live")).json() == {"status": "ok"}
        assert (await c.get("/health/ready")).json()["database"] == "ok"
        spec = (await c.get("/openapi.json")).json()
    assert "/proposals" in spec["paths"]
    assert not [path for path in spec["paths"] if "eligibility-reviews" in path]  # retired
