"""Bulk import over HTTP: per-row answers, idempotent re-import, limits, progress."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from shared.auth import Role
from tests.infra import postgres_database, require_infra
from tests.integration.imports.conftest import (
    AUDITOR,
    MIXED,
    bearer,
    build_app,
    csv_of,
    finished,
    import_file,
    row,
    upload,
)
from tests.platform import token


async def test_good_bad_and_duplicate_rows_get_their_own_answers(
    client: httpx.AsyncClient,
) -> None:
    job = await import_file(client, MIXED)
    assert job["status"] == "done" and job["progress"] == 1.0
    assert job["counts"] == {"accepted": 3, "duplicates": 1, "rejected": 3}
    assert job["total_rows"] == job["processed_rows"] == 7
    accepted = {a["row"]: a["beneficiary_id"] for a in job["accepted"]}
    assert sorted(accepted) == [2, 3, 8]
    assert job["duplicates"] == [{"row": 5, "existing_id": accepted[2]}]
    rejected = {r["row"]: r["reasons"] for r in job["rejected"]}
    assert sorted(rejected) == [4, 6, 7]
    assert sorted(r.split(":")[0] for r in rejected[4]) == ["birth_date", "cin"]
    assert rejected[6] == ["commune_code: unknown commune code for this province"]
    assert rejected[7] == ["row: expected 15 cells, found 3"]
    assert job["submitted_by"] == "cw-lar" and job["kind"] == "beneficiaries"


async def test_the_same_file_twice_creates_nothing_new(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    first = await import_file(client, MIXED)
    recorded = app.state.intake.store.recorder.max_notification_id()
    second = await import_file(client, MIXED)
    assert app.state.intake.store.recorder.max_notification_id() == recorded
    assert second["counts"] == {"accepted": 0, "duplicates": 4, "rejected": 3}
    existing = {d["row"]: d["existing_id"] for d in second["duplicates"]}
    assert existing == {a["row"]: a["beneficiary_id"] for a in first["accepted"]} | {5: existing[2]}


async def test_rows_outside_the_callers_provinces_are_rejected_alone(
    client: httpx.AsyncClient,
) -> None:
    only_larache = token(Role.CASEWORKER, provinces=("LAR",), subject="cw-lar")
    data = csv_of(
        row("BK200001"),
        row("BK200002", province_code="KEN", commune_code="KEN-001"),
        row("BK200003", province_code="ZZZ"),
    )
    response = await upload(client, data, who=only_larache)
    job = await finished(client, response.json()["job_id"], who=only_larache)
    assert [a["row"] for a in job["accepted"]] == [2]
    assert job["rejected"] == [
        {"row": 3, "reasons": ["province_code: not allowed for you"]},
        {"row": 4, "reasons": ["province_code: not allowed for you"]},
    ]


async def test_status_progresses_to_done_batch_by_batch(client: httpx.AsyncClient) -> None:
    data = csv_of(*(row(f"BK4{i:05d}") for i in range(2_500)))
    response = await upload(client, data)
    assert response.status_code == 202
    assert response.json()["status"] == "queued"
    assert response.json()["total_rows"] == 2_500
    job = await finished(client, response.json()["job_id"])
    assert job["status"] == "done"
    progress = [j["progress"] for j in job["seen"]]
    assert progress == sorted(progress) and progress[-1] == 1.0
    assert {j["processed_rows"] for j in job["seen"]} <= {0, 1000, 2000, 2500}
    assert job["counts"]["accepted"] == 2_500
    assert len(job["accepted"]) == 1000  # the default limit
    page = await client.get(
        f"/imports/{job['job_id']}", params={"limit": 10, "offset": 2490}, headers=bearer(AUDITOR)
    )
    assert [a["row"] for a in page.json()["accepted"]] == list(range(2492, 2502))


@pytest.mark.infra
async def test_two_thousand_rows_on_postgresql() -> None:
    require_infra()
    with postgres_database("imports") as url:
        http = build_app(url)
        try:
            transport = httpx.ASGITransport(app=http)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                rows = [row(f"BK5{i:05d}", name_ar=f"مريم {i}") for i in range(1_900)]
                rows += [row(f"BK5{i:05d}") for i in range(50)]  # duplicates
                rows += [row(f"BK5{i:05d}", commune_code="LAR-999") for i in range(2000, 2050)]
                job = await import_file(client, csv_of(*rows))
                assert job["counts"] == {"accepted": 1_900, "duplicates": 50, "rejected": 50}
                again = await import_file(client, csv_of(*rows))
                assert again["counts"] == {"accepted": 0, "duplicates": 1_950, "rejected": 50}
        finally:
            http.state.intake.store.close()
