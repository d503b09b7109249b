"""The `taawun` command as a user runs it: real processes, real ports."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx

from shared.auth import Role
from shared.config import Settings
from taawun.demo_floods import HOUSEHOLDS
from taawun.wiring import token_issuer
from tests.infra import KAFKA_BOOTSTRAP, postgres_database, require_infra
from tests.integration.test_walking_skeleton import AIDS_PER_PERSON, TECHNICAL_AIDS

TAAWUN = [sys.executable, "-m", "taawun.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_token_mints_a_verifiable_bearer_token() -> None:
    out = subprocess.run(
        [*TAAWUN, "token", "--role", "caseworker", "--province", "KHN", "--province", "LAR"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    principal = token_issuer(Settings()).verify(out)
    assert principal.roles == {Role.CASEWORKER}
    assert principal.provinces == {"KHN", "LAR"}


def grants_summary(stdout: str) -> dict[str, Any]:
    [line] = [x for x in stdout.splitlines() if x.startswith("grants summary: ")]
    found: dict[str, Any] = json.loads(line.removeprefix("grants summary: "))
    return found


def reporting_reports(stdout: str) -> dict[str, list[dict[str, Any]]]:
    [line] = [x for x in stdout.splitlines() if x.startswith("reporting reports: ")]
    found: dict[str, list[dict[str, Any]]] = json.loads(line.removeprefix("reporting reports: "))
    return found


def assert_reporting_shows_the_seed_figures(stdout: str, grants: dict[str, Any]) -> None:
    """GET /reports/... as an auditor, once reporting's budgets and orders agree with grants':
    the Khenifra 2021 figures of ../shared/domain.md to the centime, and the flood relief paid
    as the flood envelopes disbursed (the demo's provider reverses nothing)."""
    reports = reporting_reports(stdout)
    budgets = {
        r["programme_code"]: (r["cycle"], r["allocated"], r["held"], r["disbursed"],
                              r["available"])
        for r in reports["budgets"]
    }  # fmt: skip
    assert budgets == {
        "social-care-institutions": ("2021", "3160000.00", "3160000.00", "0.00", "0.00"),
        "disability-associations": ("2021", "1468411.00", "1468411.00", "0.00", "0.00"),
    }
    decisions = {
        (r["programme_code"], r["status"]): (r["decisions"], r["amount"])
        for r in reports["decisions"]
    }
    assert decisions == {
        ("social-care-institutions", "approved"): (2, "3160000.00"),
        ("disability-associations", "approved"): (1, "1468411.00"),
    }
    each = sorted((r["programme_code"], r["amount"]) for r in reports["recent_decisions"])
    assert each == [
        ("disability-associations", "1468411.00"),
        ("social-care-institutions", "160000.00"),
        ("social-care-institutions", "3000000.00"),
    ]
    floods = {e["province"]: Decimal(e["disbursed"]) for e in grants["envelopes"]
              if e["province"] != "KHN"}  # fmt: skip
    for province, disbursed in floods.items():
        months = [r for r in reports["disbursements"] if r["province_code"] == province]
        assert sum(Decimal(r["amount"]) for r in months) == disbursed
        relief = [r for r in reports["relief"] if r["province_code"] == province]
        assert sum(Decimal(r["paid"]) for r in relief) == disbursed
        assert all(r["disaster"] for r in relief) and sum(r["decisions"] for r in relief) > 0
    failed = {r["order_id"] for r in reports["exceptions"] if r["status"] == "failed"}
    assert len(failed) == grants["orders"].get("failed", 0)


def khenifra_network(stdout: str) -> dict[tuple[str, str], int]:
    """The `institutions` report the demo printed: Khenifra's institutions by type and status."""
    [line] = [x for x in stdout.splitlines() if x.startswith("institutions report: ")]
    rows = json.loads(line.removeprefix("institutions report: "))
    assert {r["province_code"] for r in rows} == {"KHN"}
    return {(r["type"], r["licensing_status"]): r["institutions"] for r in rows}


def test_demo_runs_all_three_services_in_one_process(tmp_path: Path) -> None:
    result = subprocess.run(
        [*TAAWUN, "demo", "--check", "--port-base", str(free_port()), "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # The four seeded beneficiaries and the heads of the flood-hit households.
    assert f'"beneficiaries_enrolled": {4 + HOUSEHOLDS}' in result.stdout
    grants = grants_summary(result.stdout)
    # Reporting counted every decision grants holds, at the status grants shows (the check
    # waits for that), from grants.decisions.
    approved = grants["decisions"]["approved"]
    assert f'"decisions_proposed": {approved}' in result.stdout
    # Khenifra's three grants and the flood relief, approved; a list per province and
    # component; the simulated provider confirmed most orders (it fails a few on purpose).
    assert grants["decisions"]["approved"] > 3
    assert set(grants["decisions"]) <= {"approved"}
    assert grants["payment_lists"] == 4
    assert grants["orders"]["paid"] > 0
    khenifra = [e for e in grants["envelopes"] if e["province"] == "KHN"]
    assert sum(Decimal(e["held"]) for e in khenifra) == Decimal("4628411.00")
    # Khenifra 2021's network (../shared/domain.md), made of intake's events and counted by
    # reporting: 34 licensed social-care institutions and 5 in licensing, beside the
    # proximity social centre.
    assert khenifra_network(result.stdout) == {
        ("social_care_institution", "licensed"): 34,
        ("social_care_institution", "licensing_in_progress"): 5,
        ("proximity_social_centre", "licensed"): 1,
    }
    floods = [e for e in grants["envelopes"] if e["province"] != "KHN"]
    assert all(Decimal(e["disbursed"]) > 0 for e in floods) and len(floods) == 2
    assert_reporting_shows_the_seed_figures(result.stdout, grants)
    assert {p.name for p in tmp_path.glob("*.sqlite")} == {
        "intake.sqlite",
        "grants.sqlite",
        "reporting.sqlite",
    }
    # A second start re-publishes the logs; the inboxes drop the repeats and counts stay put.
    again = subprocess.run(
        [*TAAWUN, "demo", "--check", "--port-base", str(free_port()), "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == 0, again.stdout + again.stderr
    assert f'"beneficiaries_enrolled": {4 + HOUSEHOLDS}' in again.stdout
    assert grants_summary(again.stdout) == grants
    assert reporting_reports(again.stdout) == reporting_reports(result.stdout)
    assert khenifra_network(again.stdout) == khenifra_network(result.stdout)


@contextmanager
def serving(service: str, env: dict[str, str], log: Path) -> Iterator[str]:
    port = free_port()
    with log.open("w") as out:
        process = subprocess.Popen(
            [*TAAWUN, "serve", service],
            env={**os.environ, **env, "TAAWUN_HTTP_PORT": str(port)},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log.read_text()
            try:
                if httpx.get(f"{base}/health/ready", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_serve_runs_each_service_as_its_own_process_on_kafka_and_postgres(
    tmp_path: Path,
) -> None:
    """Intake runs as two HTTP worker processes with its relay in a third process: only that
    relay publishes, so grants and reporting hearing of the enrolment proves it runs."""
    require_infra()
    common = {
        "TAAWUN_KAFKA_BOOTSTRAP": KAFKA_BOOTSTRAP,
        "TAAWUN_KAFKA_NAMESPACE": f"e2e{uuid.uuid4().hex[:8]}.",
        "TAAWUN_KAFKA_PARTITIONS": "3",
        "TAAWUN_JWT_SECRET": "e2e-secret-that-is-at-least-32-bytes-long",
    }
    issuer = token_issuer(Settings(jwt_secret=common["TAAWUN_JWT_SECRET"]))  # type: ignore[arg-type]
    caseworker = {"Authorization": "Bearer " + issuer.mint("e2e", [Role.CASEWORKER], ["SAF"])}
    auditor = {"Authorization": "Bearer " + issuer.mint("e2e", [Role.AUDITOR], ["*"])}
    admin = {"Authorization": "Bearer " + issuer.mint("e2e", [Role.ADMIN], ["*"])}
    with ExitStack() as stack:
        urls = {}
        for service in ("intake", "grants", "reporting"):
            db = stack.enter_context(postgres_database(service))
            env = {**common, "TAAWUN_DATABASE_URL": db}
            if service == "intake":
                env["TAAWUN_HTTP_WORKERS"] = "2"
            urls[service] = stack.enter_context(serving(service, env, tmp_path / f"{service}.log"))
        # A person with a disability, once the technical aids' cycle of this year is open:
        # grants proposes one decision per aid.
        opened = httpx.post(
            f"{urls['grants']}/programmes/{TECHNICAL_AIDS}/cycles",
            json={"cycle": str(datetime.now(UTC).year), "reason": "budget"},
            headers=admin,
        )
        assert opened.status_code == 201, opened.text
        enrolment = {
            "name_ar": "حليمة", "cin": "H123", "birth_date": "1950-06-01", "sex": "F",
            "province_code": "SAF", "commune_code": "SAF-001",
            "categories": [
                {"category": "disability", "disability_type": "visual", "severity": "severe",
                 "evidence": "medical certificate", "since": "2025-12-15"}
            ],
        }  # fmt: skip
        response = httpx.post(f"{urls['intake']}/beneficiaries", json=enrolment, headers=caseworker)
        assert response.status_code == 201, response.text
        beneficiary_id = response.json()["beneficiary_id"]

        deadline = time.monotonic() + 60
        while True:
            counts = httpx.get(f"{urls['reporting']}/reports/counts", headers=auditor).json()
            if counts["decisions_proposed"] == AIDS_PER_PERSON:
                break
            assert time.monotonic() < deadline, counts
            time.sleep(0.2)
        assert counts["beneficiaries_enrolled"] == 1
        proposals = httpx.get(
            f"{urls['grants']}/proposals", params={"province": "SAF"}, headers=auditor
        ).json()
        assert {p["subject_id"] for p in proposals["items"]} == {beneficiary_id}
        assert proposals["total"] == AIDS_PER_PERSON
    logs = "".join(p.read_text() for p in tmp_path.glob("*.log"))
    assert "حليمة" not in logs and "H123" not in logs  # no personal data in the logs
