"""Through the real flow (intake's HTTP API, its relay, the bus, reporting's consumer) and
reporting's report API: an institution's licensing in the `institutions` report and on its
timeline (`GET /reports/timeline/{id}`), in the caller's provinces."""

from __future__ import annotations

from typing import Any

from shared.auth import Role
from tests.platform import Platform, eventually, token


async def test_an_institution_is_counted_and_has_a_timeline(platform: Platform) -> None:
    async with platform.client(platform.intake, token(Role.CASEWORKER, provinces=("KHN",))) as c:
        association = {"name": "Association Al Wifaq", "registration_number": "KHN-T-1",
                       "province_code": "KHN",
                       "fields_of_work": ["child_in_difficulty"]}  # fmt: skip
        created = await c.post("/associations", json=association)
        assert created.status_code == 201, created.text
        association_id = created.json()["association_id"]
        institution = {"name_lat": "Dar Al Atfal", "type": "social_care_institution",
                       "province_code": "KHN", "commune_code": "KHN-001", "capacity": 60,
                       "licensing_status": "licensing_in_progress",
                       "managing_association_id": association_id}  # fmt: skip
        created = await c.post("/institutions", json=institution)
        assert created.status_code == 201, created.text
        institution_id = created.json()["institution_id"]
        change = {"status": "licensed", "effective_on": "2021-03-01", "reason": "visite faite"}
        changed = await c.post(f"/institutions/{institution_id}/licensing", json=change)
        assert changed.status_code == 200, changed.text

    async with platform.client(platform.reporting, token(Role.AUDITOR)) as reporting:
        entries: list[dict[str, Any]] = []

        async def timeline_complete() -> bool:
            answer = await reporting.get(f"/reports/timeline/{institution_id}")
            entries[:] = answer.json()["rows"]
            return len(entries) == 2

        await eventually(timeline_complete, what="the institution's timeline")
        assert [(e["event_type"], e["summary"], e["reason"]) for e in entries] == [
            ("InstitutionRegistered", "registered: social_care_institution in KHN-001 (KHN), "
             "capacity 60, licensing_in_progress", None),
            ("InstitutionLicensingChanged", "licensing licensed from 2021-03-01", "visite faite"),
        ]  # fmt: skip
        assert all(e["topic"] == "intake.institutions" for e in entries)
        managed = await reporting.get(f"/reports/timeline/{association_id}")
        assert [e["summary"] for e in managed.json()["rows"]][-1] == (
            f"manages institution {institution_id}"
        )
        institutions = await reporting.get("/reports/institutions", params={"province": "KHN"})
        assert institutions.json()["rows"] == [
            {"province_code": "KHN", "type": "social_care_institution",
             "licensing_status": "licensed", "institutions": 1, "capacity": 60}
        ]  # fmt: skip
        whole = await reporting.get("/reports/timeline")
        assert whole.status_code == 422
        assert whole.json()["fields"][0]["field"] == "subject"

    async with platform.client(platform.reporting, token(Role.CASEWORKER, provinces=("LAR",))) as c:
        assert (await c.get(f"/reports/timeline/{institution_id}")).json()["rows"] == []
