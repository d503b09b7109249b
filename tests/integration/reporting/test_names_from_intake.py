"""A screen's names come from intake with the caller's own token, through reporting, and
reporting's database holds none of them (law 09-08)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from shared.auth import Role
from tests.integration.test_walking_skeleton import FATIMA
from tests.platform import Platform, embedded_platform, eventually, token


@pytest.fixture
async def platform(tmp_path: Path) -> AsyncIterator[Platform]:
    async with embedded_platform(tmp_path) as p:
        yield p


async def test_names_are_asked_of_intake_and_never_kept(platform: Platform, tmp_path: Path) -> None:
    khenifra = token(Role.CASEWORKER, provinces=("KHN",))
    async with platform.client(platform.intake, khenifra) as intake:
        response = await intake.post("/beneficiaries", json=FATIMA)
        assert response.status_code == 201, response.text
        person = response.json()["beneficiary_id"]

    async def counted() -> bool:
        async with platform.client(platform.reporting, khenifra) as c:
            rows = (await c.get("/reports/beneficiaries")).json()["rows"]
            return bool(rows)

    await eventually(counted, what="reporting to count the enrolment")
    async with platform.client(platform.reporting, khenifra) as c:
        shown = await c.get(f"/reports/names/{person}")
    assert shown.status_code == 200, shown.text
    assert shown.json()["name_ar"] == FATIMA["name_ar"]
    assert shown.headers["cache-control"] == "no-store"

    async with platform.client(platform.reporting, token(Role.CASEWORKER, provinces=("SAF",))) as c:
        refused = await c.get(f"/reports/names/{person}")
    assert refused.status_code == 403

    platform.reporting.http.state.engine.dispose()
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("reporting*"))
    assert stored, "reporting's SQLite files"
    for personal in (FATIMA["name_ar"], FATIMA["name_lat"], FATIMA["cin"], FATIMA["phone"]):
        assert str(personal).encode() not in stored
