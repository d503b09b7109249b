"""Intake's beneficiary API: duplicates, corrections, status, history, as-of, search, merges."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from shared.auth import Role
from tests.integration.test_walking_skeleton import FATIMA
from tests.platform import embedded_platform, token

CASEWORKER = token(Role.CASEWORKER, provinces=("KHN", "LAR"), subject="amina")


@pytest.fixture
async def intake(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    async with (
        embedded_platform(tmp_path) as platform,
        platform.client(platform.intake, CASEWORKER) as client,
    ):
        yield client


async def enrol(client: httpx.AsyncClient, **changes: Any) -> str:
    response = await client.post("/beneficiaries", json={**FATIMA, **changes})
    assert response.status_code == 201, response.text
    beneficiary_id: str = response.json()["beneficiary_id"]
    return beneficiary_id


async def test_a_second_enrolment_of_a_national_id_is_409_with_the_existing_id(
    intake: httpx.AsyncClient,
) -> None:
    first = await enrol(intake)
    again = await intake.post("/beneficiaries", json={**FATIMA, "name_lat": "F. Benali"})
    assert again.status_code == 409
    assert again.json()["existing_id"] == first
    found = await intake.post("/beneficiaries/lookup", json={"cin": "BK123456"})
    assert found.json()["beneficiary_id"] == first


async def test_a_minor_is_unique_by_civil_registry_reference(intake: httpx.AsyncClient) -> None:
    child = {**FATIMA, "cin": None, "civil_registry_ref": "khn/2016/77", "birth_date": "2016-04-01"}
    first = await enrol(intake, **child)
    again = await intake.post("/beneficiaries", json={**child, "civil_registry_ref": "KHN/2016/77"})
    assert again.status_code == 409 and again.json()["existing_id"] == first


async def test_unknown_commune_for_the_province_is_422(intake: httpx.AsyncClient) -> None:
    response = await intake.post("/beneficiaries", json={**FATIMA, "commune_code": "LAR-001"})
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "commune_code"


async def test_history_and_as_of_show_what_was_known_then(intake: httpx.AsyncClient) -> None:
    beneficiary_id = await enrol(intake)
    await asyncio.sleep(0.01)
    before_correction = datetime.now(UTC).isoformat()
    await asyncio.sleep(0.01)
    corrected = await intake.post(
        f"/beneficiaries/{beneficiary_id}/corrections",
        json={"changes": {"name_lat": "Fatima-Zahra Benali"}, "reason": "spelling on the CIN"},
    )
    assert corrected.status_code == 204, corrected.text
    status = await intake.post(
        f"/beneficiaries/{beneficiary_id}/status", json={"status": "active", "reason": "visit done"}
    )
    assert status.status_code == 204

    now = (await intake.get(f"/beneficiaries/{beneficiary_id}")).json()
    assert (now["name_lat"], now["status"], now["version"]) == ("Fatima-Zahra Benali", "active", 3)
    then = await intake.get(f"/beneficiaries/{beneficiary_id}", params={"as_of": before_correction})
    assert (then.json()["name_lat"], then.json()["status"]) == ("Fatima Zahra Benali", "enrolled")
    too_early = await intake.get(
        f"/beneficiaries/{beneficiary_id}", params={"as_of": "2020-01-01T00:00:00Z"}
    )
    assert too_early.status_code == 404

    events = (await intake.get(f"/beneficiaries/{beneficiary_id}/history")).json()["events"]
    assert [(e["what"], e["who"], e["why"]) for e in events] == [
        ("Enrolled", "amina", None),
        ("PersonalDataCorrected", "amina", "spelling on the CIN"),
        ("StatusChanged", "amina", "visit done"),
    ]


async def test_status_rules_and_correcting_into_someone_elses_id(intake: httpx.AsyncClient) -> None:
    first = await enrol(intake)
    second = await enrol(intake, cin="BK999", name_lat="Other Person", birth_date="1970-01-01")
    refused = await intake.post(
        f"/beneficiaries/{first}/status", json={"status": "suspended", "reason": "x"}
    )
    assert refused.status_code == 422 and refused.json()["fields"][0]["field"] == "status"
    clash = await intake.post(
        f"/beneficiaries/{second}/corrections",
        json={"changes": {"cin": "BK123456"}, "reason": "typo"},
    )
    assert clash.status_code == 409 and clash.json()["existing_id"] == first


async def test_likely_duplicates_are_flagged_then_merged_or_dismissed(
    intake: httpx.AsyncClient,
) -> None:
    original = await enrol(intake)
    # Same name, birth date and commune, different national ID: flagged, never merged.
    twin = await enrol(intake, cin="BK7777")
    other = await enrol(intake, cin="BK8888")
    flagged = (await intake.get("/beneficiaries/possible-duplicates/open")).json()
    assert sorted(map(tuple, flagged)) == sorted([(twin, original), (other, original)])
    assert (await intake.get(f"/beneficiaries/{twin}")).json()["possible_duplicates"]

    assert set((await intake.get(f"/beneficiaries/{other}")).json()["possible_duplicates"]) == {
        original,
        twin,
    }
    for flagged_with in (original, twin):
        dismissed = await intake.post(
            f"/beneficiaries/{other}/duplicates/{flagged_with}/dismiss", json={"reason": "cousin"}
        )
        assert dismissed.status_code == 204
    merged = await intake.post(
        f"/beneficiaries/{twin}/merge-into/{original}", json={"reason": "same person, checked"}
    )
    assert merged.status_code == 204
    assert (await intake.get("/beneficiaries/possible-duplicates/open")).json() == []
    # Both ids stay resolvable: the merged one leads to the survivor.
    via_twin = (await intake.get(f"/beneficiaries/{twin}")).json()
    assert via_twin["beneficiary_id"] == original and via_twin["requested_id"] == twin
    assert via_twin["merged_ids"] == [twin]
    listed = (await intake.get("/beneficiaries")).json()
    assert listed["total"] == 2


async def test_search_filters_and_pages_within_the_callers_provinces(
    intake: httpx.AsyncClient, tmp_path: Path
) -> None:
    for i in range(5):
        await enrol(intake, cin=f"KH{i}", birth_date=f"196{i}-01-01")
    for i in range(3):
        await enrol(intake, cin=f"LA{i}", birth_date=f"197{i}-01-01", province_code="LAR",
                    commune_code="LAR-001")  # fmt: skip
    page = (await intake.get("/beneficiaries", params={"province": "KHN", "limit": 2})).json()
    assert (page["total"], len(page["items"]), page["limit"]) == (5, 2, 2)
    rest = (await intake.get("/beneficiaries", params={"province": "KHN", "offset": 4})).json()
    assert len(rest["items"]) == 1
    assert (await intake.get("/beneficiaries", params={"category": "disability"})).json()[
        "total"
    ] == 0
    assert (await intake.get("/beneficiaries", params={"limit": 500})).status_code == 422


async def test_caseworkers_read_only_their_provinces(tmp_path: Path) -> None:
    async with embedded_platform(tmp_path) as platform:
        async with platform.client(platform.intake, CASEWORKER) as c:
            beneficiary_id = await enrol(c)
        elsewhere = token(Role.CASEWORKER, provinces=("SAF",))
        async with platform.client(platform.intake, elsewhere) as c:
            assert (await c.get(f"/beneficiaries/{beneficiary_id}")).status_code == 403
            assert (await c.get("/beneficiaries")).json()["total"] == 0
            erase = await c.post(f"/beneficiaries/{beneficiary_id}/erasure", json={"reason": "x"})
            assert erase.status_code == 403
        async with platform.client(platform.intake, token(Role.APPROVER)) as c:
            assert (await c.get(f"/beneficiaries/{beneficiary_id}")).status_code == 200
            write = await c.post(f"/beneficiaries/{beneficiary_id}/status",
                                 json={"status": "active", "reason": "x"})  # fmt: skip
            assert write.status_code == 403


async def test_as_of_without_a_time_zone_is_422(intake: httpx.AsyncClient) -> None:
    beneficiary_id = await enrol(intake)
    response = await intake.get(
        f"/beneficiaries/{beneficiary_id}", params={"as_of": "2026-01-01T10:00:00"}
    )
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "query.as_of"
