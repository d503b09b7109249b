"""Bulk import over HTTP: per-row answers, idempotent re-import, limits, progress."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from rich.console import Console

from services.intake.application.imports.beneficiary_rows import HEADER
from services.intake.bootstrap import build_intake_use_cases
from services.intake.interfaces.http.imports import router
from shared.auth import Role
from shared.eventstore import eventstore_env
from shared.http.app import create_app
from taawun.import_cmd import import_beneficiaries_file
from tests.infra import postgres_database, require_infra
from tests.platform import ISSUER, token

HEAD = ",".join(HEADER)
CASEWORKER_LAR = token(Role.CASEWORKER, provinces=("LAR", "KEN"), subject="cw-lar")
AUDITOR = token(Role.AUDITOR, subject="auditor")


async def _ready() -> dict[str, str]:
    return {}


def row(cin: str, name_ar: str = "فاطمة الزهراء بنعلي", **cells: str) -> str:
    values = {
        "name_ar": name_ar,
        "name_lat": "Fatima Zahra Benali",
        "cin": cin,
        "civil_registry_ref": "",
        "birth_date": "1961-04-12",
        "sex": "F",
        "phone": "0612345678",
        "address": '"دوار أولاد حمو، القصر الكبير"',
        "province_code": "LAR",
        "commune_code": "LAR-002",
        "category": "disaster_affected",
        "disability_type": "",
        "severity": "",
        "evidence": "flood census",
        "since": "2026-02-14",
    } | cells
    return ",".join(values[c] for c in HEADER)


def csv_of(*rows: str) -> bytes:
    return "\n".join([HEAD, *rows]).encode() + b"\n"


def build_app(url: str) -> FastAPI:
    http = create_app(
        title="t", description="t", token_issuer=ISSUER, routers=[router], ready=_ready
    )
    http.state.intake = build_intake_use_cases(eventstore_env(url) | {"LOOKUP_SECRET": "test"})
    http.state.relay = SimpleNamespace(wake=lambda: None)
    return http


@pytest.fixture
def app(tmp_path: Path) -> Iterator[FastAPI]:
    http = build_app(f"sqlite:///{tmp_path}/intake.sqlite")
    yield http
    http.state.intake.store.close()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        yield c


def bearer(value: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {value}"}


async def upload(
    client: httpx.AsyncClient, data: bytes, who: str = CASEWORKER_LAR
) -> httpx.Response:
    return await client.post(
        "/imports/beneficiaries",
        content=data,
        headers={**bearer(who), "Content-Type": "text/csv"},
    )


async def finished(
    client: httpx.AsyncClient, job_id: str, who: str = CASEWORKER_LAR
) -> dict[str, Any]:
    seen: list[dict[str, Any]] = []
    for _ in range(600):
        response = await client.get(f"/imports/{job_id}", headers=bearer(who))
        assert response.status_code == 200, response.text
        job: dict[str, Any] = response.json()
        seen.append(job)
        if job["status"] in ("done", "failed"):
            job["seen"] = seen
            return job
        await asyncio.sleep(0.02)
    raise AssertionError(f"import {job_id} did not finish: {seen[-1]}")


async def import_file(client: httpx.AsyncClient, data: bytes) -> dict[str, Any]:
    response = await upload(client, data)
    assert response.status_code == 202, response.text
    return await finished(client, response.json()["job_id"])


MIXED = csv_of(
    row("BK100001"),  # 2 accepted
    row("bk100002", name_ar="محمد العلمي"),  # 3 accepted (cin upper-cased)
    row("12AB", birth_date="1961-13-01"),  # 4 rejected: cin and birth_date
    row("BK100001", name_ar="فاطمة بنعلي"),  # 5 duplicate of row 2, same file
    row("BK100003", commune_code="LAR-999"),  # 6 rejected: unknown commune
    "too,few,cells",  # 7 rejected: malformed
    row("BK100004", province_code="KEN", commune_code="KEN-001"),  # 8 accepted
)


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


async def test_an_oversized_upload_is_413(app: FastAPI, client: httpx.AsyncClient) -> None:
    app.state.import_limit_bytes = 1000
    response = await upload(client, csv_of(*(row(f"BK3{i:05d}") for i in range(10))))
    assert response.status_code == 413
    assert response.json()["error"] == "payload_too_large"
    assert response.json()["limit_bytes"] == 1000


async def test_a_file_that_is_not_utf8_or_has_no_header_is_422(
    client: httpx.AsyncClient,
) -> None:
    windows = csv_of(row("BK1"), row("BK2")).decode().encode("cp1256")
    response = await upload(client, windows)
    assert response.status_code == 422
    assert "UTF-8" in response.json()["detail"]
    response = await upload(client, b"nom,prenom\nBenali,Fatima\n")
    assert response.status_code == 422
    assert "unknown columns: nom, prenom" in response.json()["detail"]


async def test_who_may_import_and_see_a_job(client: httpx.AsyncClient) -> None:
    assert (await upload(client, MIXED, who=AUDITOR)).status_code == 403
    response = await upload(client, MIXED)
    job_id = response.json()["job_id"]
    assert response.json()["status_url"].endswith(f"/imports/{job_id}")
    assert (await finished(client, job_id, who=AUDITOR))["status"] == "done"
    other = token(Role.CASEWORKER, provinces=("LAR",), subject="someone-else")
    assert (await client.get(f"/imports/{job_id}", headers=bearer(other))).status_code == 403
    missing = "00000000-0000-0000-0000-000000000000"
    assert (await client.get(f"/imports/{missing}", headers=bearer(AUDITOR))).status_code == 404


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


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """The app on a real port, as the CLI meets it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def test_the_cli_uploads_follows_and_summarises(app: FastAPI, tmp_path: Path) -> None:
    path = tmp_path / "census.csv"
    path.write_bytes(MIXED)
    console = Console(record=True, width=120)
    with serving(app) as url:
        code = import_beneficiaries_file(
            path, url, CASEWORKER_LAR, console=console, poll_seconds=0.02
        )
        refused = import_beneficiaries_file(path, url, AUDITOR, console=console)
    out = console.export_text()
    assert code == 0
    assert "3 accepted, 1 already enrolled, 3 rejected of 7 rows" in out
    assert "commune_code: unknown commune code for this province" in out
    assert refused == 1
    assert "import refused (403)" in out


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
