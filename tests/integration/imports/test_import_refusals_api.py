"""Bulk import over HTTP: per-row answers, idempotent re-import, limits, progress."""

from __future__ import annotations

from pathlib import Path

import httpx
from fastapi import FastAPI
from rich.console import Console

from shared.auth import Role
from taawun.import_cmd import import_beneficiaries_file
from tests.integration.imports.conftest import (
    AUDITOR,
    CASEWORKER_LAR,
    MIXED,
    bearer,
    csv_of,
    finished,
    row,
    serving,
    upload,
)
from tests.platform import token


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
