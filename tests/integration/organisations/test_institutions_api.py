"""Institutions and associations over HTTP, on intake's own SQLite event store."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import httpx

from shared.auth import Role
from tests.integration.organisations.conftest import (
    AL_AMAL,
    DAR_AL_ATFAL,
    as_,
    fields_of,
    license,
    register,
)


async def test_an_institution_is_registered_shown_and_its_history_kept(
    client: httpx.AsyncClient,
) -> None:
    institution_id = await register(client, "/institutions", DAR_AL_ATFAL)
    shown = (await client.get(f"/institutions/{institution_id}")).json()
    assert shown["name_ar"] == "دار الأطفال خنيفرة"  # Arabic round-trips intact
    assert shown["licensing_status"] == "licensing_in_progress"
    assert (shown["version"], shown["managing_association_id"]) == (1, None)

    licensed = await license(client, institution_id, "licensed", "2021-03-01")
    assert licensed.status_code == 200, licensed.text
    assert licensed.json()["licensing_effective_on"] == "2021-03-01"

    history = (await client.get(f"/institutions/{institution_id}/history")).json()
    events = history["events"]
    assert [(e["what"], e["who"]) for e in events] == [
        ("Registered", "cw-khenifra"),
        ("LicensingChanged", "cw-khenifra"),
    ]
    assert events[1]["why"] == "décision du délégué"

    registered_at = events[0]["when"]
    before = await client.get(f"/institutions/{institution_id}", params={"as_of": registered_at})
    assert before.json()["licensing_status"] == "licensing_in_progress"
    now = await client.get(f"/institutions/{institution_id}", params={"as_of": events[1]["when"]})
    assert now.json()["licensing_status"] == "licensed"
    a_second_earlier = datetime.fromisoformat(registered_at) - timedelta(seconds=1)
    too_early = await client.get(
        f"/institutions/{institution_id}", params={"as_of": a_second_earlier.isoformat()}
    )
    assert too_early.status_code == 404
    assert too_early.json()["detail"] == "institution did not exist yet at that moment"
    naive = await client.get(
        f"/institutions/{institution_id}", params={"as_of": "2026-01-01T00:00:00"}
    )
    assert fields_of(naive) == ["query.as_of"]


async def test_licensing_transitions_are_checked(client: httpx.AsyncClient) -> None:
    institution_id = await register(client, "/institutions", DAR_AL_ATFAL)
    refused = await license(client, institution_id, "suspended", "2021-01-01")
    assert fields_of(refused) == ["status"]
    same = await license(client, institution_id, "licensing_in_progress", "2021-01-01")
    assert fields_of(same) == ["status"]
    for status, on in [("licensed", "2021-03-01"), ("suspended", "2022-01-10")]:
        assert (await license(client, institution_id, status, on)).status_code == 200
    backdated = await license(client, institution_id, "licensed", "2021-12-31")
    assert fields_of(backdated) == ["effective_on"]
    assert (await license(client, institution_id, "closed", "2023-01-01")).status_code == 200
    final = await license(client, institution_id, "licensed", "2023-02-01")
    assert fields_of(final) == ["status"]
    no_reason = await client.post(
        f"/institutions/{institution_id}/licensing",
        json={"status": "licensed", "effective_on": "2024-01-01"},
    )
    assert fields_of(no_reason) == ["reason"]
    shown = (await client.get(f"/institutions/{institution_id}")).json()
    assert (shown["licensing_status"], shown["version"]) == ("closed", 4)


async def test_bad_bodies_answer_422_naming_the_field(client: httpx.AsyncClient) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"capacity": 0}, "capacity"),
        ({"type": "castle"}, "type"),
        ({"province_code": "XXX"}, "province_code"),
        ({"licensing_status": "closed"}, "licensing_status"),
        ({"name_lat": None, "name_ar": " "}, "name_ar"),
        ({"colour": "blue"}, "colour"),
    ]
    admin = as_(Role.CASEWORKER)  # all provinces, so XXX reaches the rule
    for changes, field in cases:
        response = await client.post(
            "/institutions", json={**DAR_AL_ATFAL, **changes}, headers=admin
        )
        assert fields_of(response) == [field], changes


async def test_access_is_by_role_and_province(client: httpx.AsyncClient) -> None:
    institution_id = await register(client, "/institutions", DAR_AL_ATFAL)
    elsewhere = as_(Role.CASEWORKER, provinces=("SAF",))
    assert (
        await client.post("/institutions", json=DAR_AL_ATFAL, headers=elsewhere)
    ).status_code == 403
    outside = await client.post(
        f"/institutions/{institution_id}/licensing",
        json={"status": "licensed", "effective_on": "2021-03-01", "reason": "r"},
        headers=elsewhere,
    )
    assert outside.status_code == 403
    assert (
        await client.get(f"/institutions/{institution_id}", headers=elsewhere)
    ).status_code == 403
    auditor = as_(Role.AUDITOR)
    assert (
        await client.post("/institutions", json=DAR_AL_ATFAL, headers=auditor)
    ).status_code == 403
    assert (await client.post("/associations", json=AL_AMAL, headers=auditor)).status_code == 403
    assert (await client.get(f"/institutions/{institution_id}", headers=auditor)).status_code == 200
    anonymous = {"Authorization": ""}
    assert (
        await client.post("/institutions", json=DAR_AL_ATFAL, headers=anonymous)
    ).status_code == 401
    assert (await client.get("/associations", headers=anonymous)).status_code == 401


async def test_unknown_records_are_404(client: httpx.AsyncClient) -> None:
    association_id = await register(client, "/associations", AL_AMAL)
    for path in [
        f"/institutions/{association_id}",  # an association is not an institution
        "/institutions/6f1c2a52-31b6-4f6a-9d51-000000000000/history",
        "/associations/6f1c2a52-31b6-4f6a-9d51-000000000000",
    ]:
        assert (await client.get(path)).status_code == 404, path
    ending = await client.post(
        f"/associations/{association_id}/agreements/6f1c2a52-31b6-4f6a-9d51-000000000000/end",
        json={"ended_on": "2022-01-01", "reason": "r"},
    )
    assert ending.status_code == 404
