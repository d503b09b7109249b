"""Household import over HTTP: a census grouped by household, per-row answers with reasons,
idempotent re-import, progress, limits, and the CLI."""

from __future__ import annotations

from pathlib import Path

import httpx
from fastapi import FastAPI
from rich.console import Console

from services.intake.application.imports.beneficiary_rows import HEADER
from shared.auth import Role
from taawun.import_cmd import import_file
from tests.integration.household_imports.conftest import (
    AUDITOR,
    CASEWORKER,
    CENSUS,
    csv_of,
    finished,
    head,
    member,
    person,
    upload,
)
from tests.integration.imports.conftest import serving
from tests.platform import token


async def test_an_oversized_upload_is_413(app: FastAPI, client: httpx.AsyncClient) -> None:
    app.state.import_limit_bytes = 500
    response = await upload(client, csv_of(*(head(f"H-{i}", "BK1") for i in range(10))))
    assert response.status_code == 413
    assert response.json()["error"] == "payload_too_large"


async def test_a_beneficiaries_file_is_refused_as_a_whole(client: httpx.AsyncClient) -> None:
    response = await upload(client, ("\n".join([",".join(HEADER), person("BK9")])).encode())
    assert response.status_code == 422
    assert "unknown columns: name_ar" in response.json()["detail"]
    assert (await upload(client, CENSUS, who=AUDITOR)).status_code == 403


async def test_households_outside_the_callers_provinces_are_rejected(
    client: httpx.AsyncClient,
) -> None:
    only_kenitra = token(Role.CASEWORKER, provinces=("KEN",), subject="cw-lar")
    data = csv_of(
        head("H-1", "BK1"),
        member("H-1", "BK1", "BK2", "spouse"),
        head("H-2", "BK4", province_code="KEN", commune_code="KEN-001"),
    )
    response = await upload(client, data, who=only_kenitra)
    job = await finished(client, response.json()["job_id"])
    assert job["accepted"] == []
    assert job["rejected"] == [
        {"row": 2, "reasons": ["province_code: not allowed for you"]},
        {"row": 3, "reasons": ["head: province_code: not allowed for you (row 2)"]},
        {
            "row": 4,
            "reasons": ["head_cin: not allowed for you (enrolled in a province outside yours)"],
        },
    ]


def test_the_cli_uploads_follows_and_summarises(app: FastAPI, tmp_path: Path) -> None:
    path = tmp_path / "census.csv"
    path.write_bytes(CENSUS)
    console = Console(record=True, width=160)
    with serving(app) as url:
        code = import_file(
            path, url, CASEWORKER, kind="households", console=console, poll_seconds=0.02
        )
    out = console.export_text()
    assert code == 0
    assert "4 accepted, 0 already recorded, 5 rejected of 9 rows" in out
    assert "relation: Input should be" in out
