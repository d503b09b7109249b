"""Household import over HTTP: a census grouped by household, per-row answers with reasons,
idempotent re-import, progress, limits, and the CLI."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from tests.integration.household_imports.conftest import (
    FLOODS,
    csv_of,
    finished,
    head,
    household,
    import_census,
    member,
    upload,
)


async def test_a_census_gets_an_answer_per_row(app: FastAPI, client: httpx.AsyncClient) -> None:
    job = await import_census(client)
    assert job["status"] == "done" and job["progress"] == 1.0 and job["kind"] == "households"
    assert job["counts"] == {"accepted": 4, "duplicates": 0, "rejected": 5}
    accepted = {a["row"]: a["beneficiary_id"] for a in job["accepted"]}  # the household's id
    assert sorted(accepted) == [2, 3, 4, 5]
    assert accepted[2] == accepted[3] == accepted[4] != accepted[5]
    rejected = {r["row"]: r["reasons"] for r in job["rejected"]}
    assert sorted(rejected) == [6, 7, 8, 9, 10]
    assert rejected[6] == [
        "member_cin: no beneficiary enrolled with this national ID (enrol or import them first)"
    ]
    assert [r.split(":")[0] for r in rejected[7]] == ["relation"]
    assert rejected[8] == ["province_code: differs from the head's row (row 5)"]
    assert rejected[9] == [
        "head_cin: no beneficiary enrolled with this national ID (enrol or import them first)"
    ]
    assert rejected[10] == [
        "head: head_cin: no beneficiary enrolled with this national ID "
        "(enrol or import them first) (row 9)"
    ]

    intake = app.state.intake
    first = await household(client, accepted[2])
    assert first["head_id"] == str(intake.views.find_by_national_id("BK1"))
    assert first["douar"] == "دوار أولاد حمو" and first["address"] == "الدار 12، القصر الكبير"
    assert {m["relation"] for m in first["members"]} == {"head", "spouse", "child"}
    assert first["disaster_impacts"] == [
        {"disaster": FLOODS, "evacuated": True, "damage": "repairable"}
    ]
    second = await household(client, accepted[5])
    assert second["member_count"] == 1 and second["disaster_impacts"] == []
    found = intake.views.find_by_national_id("BK5")
    assert found is not None  # (mypy) the person is enrolled
    assert intake.household_views.household_headed_by(found) is None


async def test_the_same_census_twice_creates_nothing_new(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    first = await import_census(client)
    recorded = app.state.intake.store.recorder.max_notification_id()
    second = await import_census(client)
    assert app.state.intake.store.recorder.max_notification_id() == recorded
    assert second["counts"] == {"accepted": 0, "duplicates": 4, "rejected": 5}
    assert {d["row"]: d["existing_id"] for d in second["duplicates"]} == {
        a["row"]: a["beneficiary_id"] for a in first["accepted"]
    }
    assert second["rejected"] == first["rejected"]


async def test_a_corrected_impact_and_a_new_member_are_recorded_on_the_same_household(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    first = await import_census(client)
    household_id = first["accepted"][0]["beneficiary_id"]
    again = await import_census(
        client,
        csv_of(
            head("H-001", "BK1", damage="destroyed"),
            member("H-001", "BK1", "BK2", "spouse"),
            member("H-001", "BK1", "BK5", "sibling"),
            member("H-001", "BK1", "BK3", "parent"),
        ),
    )
    assert [(a["row"], a["beneficiary_id"]) for a in again["accepted"]] == [
        (2, household_id),
        (4, household_id),
    ]
    assert again["duplicates"] == [{"row": 3, "existing_id": household_id}]
    assert again["rejected"] == [
        {"row": 5, "reasons": ["relation: already a member of this household as child"]}
    ]
    found = await household(client, household_id)
    assert found["member_count"] == 4
    assert found["disaster_impacts"][0]["damage"] == "destroyed"


async def test_status_goes_from_queued_to_done(client: httpx.AsyncClient) -> None:
    rows = [head(f"H-{i:04d}", "BK1" if i == 0 else f"ZZ{i}") for i in range(1_500)]
    response = await upload(client, csv_of(*rows))
    assert response.status_code == 202
    assert response.json()["status"] == "queued" and response.json()["total_rows"] == 1_500
    job = await finished(client, response.json()["job_id"])
    assert job["status"] == "done"
    progress = [j["progress"] for j in job["seen"]]
    assert progress == sorted(progress) and progress[-1] == 1.0
    assert {j["processed_rows"] for j in job["seen"]} <= {0, 1000, 1500}
    assert job["counts"] == {"accepted": 1, "duplicates": 0, "rejected": 1_499}
