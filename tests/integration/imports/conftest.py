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

from services.intake.application.imports.beneficiary_rows import HEADER
from services.intake.bootstrap import build_intake_use_cases
from services.intake.interfaces.http.imports import router
from shared.auth import Role
from shared.eventstore import eventstore_env
from shared.http.app import create_app
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
