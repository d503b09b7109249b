"""The SMS gateway's webhook over HTTP, on intake's own event store (SQLite, and PostgreSQL):
its secret, its errors, its idempotence, and two replicas receiving the same claim at once."""

from __future__ import annotations

import types
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from services.intake.application import Enrolment, Intake
from services.intake.application.claim_group_commit import ClaimGroupCommit
from services.intake.application.claim_records import Sms
from services.intake.bootstrap import build_intake_use_cases
from services.intake.domain.beneficiary import category_entry
from services.intake.domain.personal import PersonalData
from services.intake.domain.reference import Category, DamageLevel, Sex
from services.intake.domain.relief_claim import ClaimOutcome
from services.intake.interfaces.http.claims import router
from shared.auth import Role
from shared.eventstore import eventstore_env
from shared.http.app import create_app
from tests.infra import postgres_database, require_infra
from tests.platform import ISSUER, token

FLOODS = "floods-2026-02-north-west"
SECRET = "test-gateway-secret"
GATEWAY = {"X-Gateway-Secret": SECRET}
BORN = date(1968, 11, 30)


def _env(url: str) -> dict[str, str]:
    return eventstore_env(url) | {"LOOKUP_SECRET": "test-lookup-secret"}


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/intake.sqlite"
        return
    require_infra()
    with postgres_database("intake") as found:
        yield found


@pytest.fixture
def intake(url: str) -> Iterator[Intake]:
    app = build_intake_use_cases(_env(url))
    yield app
    app.store.close()


@pytest.fixture
async def client(intake: Intake) -> AsyncIterator[httpx.AsyncClient]:
    async def ready() -> dict[str, str]:
        return {}

    app: FastAPI = create_app(
        title="t", description="t", token_issuer=ISSUER, routers=[router], ready=ready
    )
    app.state.intake = intake
    app.state.relay = types.SimpleNamespace(wake=lambda: None)
    app.state.sms_gateway_secret = SECRET
    app.state.claim_commit = ClaimGroupCommit(intake.claim_batches)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        yield c


def flood_hit_family(intake: Intake, cin: str, province: str = "LAR") -> str:
    personal = PersonalData(
        name_ar="عائشة بنعلي", name_lat="Aicha Benali", cin=cin, civil_registry_ref=None,
        birth_date=BORN, phone=None, address=None,
    )  # fmt: skip
    entry = category_entry(Category.DISASTER_AFFECTED, evidence="census", since=date(2026, 2, 10))
    enrolment = Enrolment(
        personal=personal, sex=Sex.FEMALE, province_code=province,
        commune_code=f"{province}-001", categories=[entry],
    )  # fmt: skip
    head = intake.beneficiaries.enrol_beneficiary(enrolment, actor="t")
    household = intake.households.register_household(
        head, province, f"{province}-001", "Douar Lkhlot", None, actor="t"
    )
    intake.households.record_disaster_impact(
        household, FLOODS, evacuated=True, damage=DamageLevel.REPAIRABLE, actor="t"
    )
    return str(household)


def sms_body(text: str, message_id: str = "gw-1", **changes: Any) -> dict[str, Any]:
    body = {
        "message_id": message_id,
        "sender": "0661234567",
        "text": text,
        "received_at": "2026-02-14T09:30:00+01:00",
    }
    return body | changes


async def test_the_gateway_must_give_its_secret(client: httpx.AsyncClient) -> None:
    missing = await client.post("/claims/sms", json=sms_body("KB1 30/11/1968"))
    wrong = await client.post(
        "/claims/sms", json=sms_body("KB1 30/11/1968"), headers={"X-Gateway-Secret": "guess"}
    )
    for refused in (missing, wrong):
        assert refused.status_code == 401
        assert refused.json()["error"] == "unauthorized"
    user = {"Authorization": f"Bearer {token(Role.ADMIN)}"}
    assert (await client.post("/claims/sms", json=sms_body("x"), headers=user)).status_code == 401


async def test_a_malformed_message_is_422_naming_the_field(client: httpx.AsyncClient) -> None:
    body = sms_body("KB1 30/11/1968", received_at="2026-02-14T09:30:00")  # no time zone
    naive = await client.post("/claims/sms", json=body, headers=GATEWAY)
    assert naive.status_code == 422
    assert [f["field"] for f in naive.json()["fields"]] == ["received_at"]
    body = sms_body("KB1 30/11/1968")
    del body["message_id"]
    missing = await client.post("/claims/sms", json=body, headers=GATEWAY)
    assert [f["field"] for f in missing.json()["fields"]] == ["message_id"]


async def test_the_same_sms_five_times_is_one_claim_and_every_message_is_counted(
    client: httpx.AsyncClient, intake: Intake
) -> None:
    flood_hit_family(intake, "KB123456")
    answers = [
        (await client.post("/claims/sms", json=sms_body("KB123456 30/11/1968"), headers=GATEWAY))
        for _ in range(5)
    ]
    assert {a.status_code for a in answers} == {200}
    assert {a.json()["outcome"] for a in answers} == {"received"}
    assert [a.json()["repeated_message"] for a in answers] == [False] + [True] * 4
    assert len({a.json()["claim_id"] for a in answers}) == 1
    other = sms_body("ZZ000001 01/01/1990", message_id="gw-2")
    assert (await client.post("/claims/sms", json=other, headers=GATEWAY)).json()[
        "outcome"
    ] == "not_found"

    assert (await client.get("/claims/sms/counts")).status_code == 401
    auditor = {"Authorization": f"Bearer {token(Role.AUDITOR)}"}
    counts = (await client.get("/claims/sms/counts", headers=auditor)).json()
    assert counts["messages"] == 2
    assert {(c["outcome"], c["messages"]) for c in counts["outcomes"]} == {
        ("received", 1), ("not_found", 1),
    }  # fmt: skip


def test_two_replicas_receiving_one_claim_at_once_record_one(intake: Intake, url: str) -> None:
    """Two intake instances on one database, several times over: one message delivered to
    both at the same moment (a gateway retry), and two messages of one family, one on each."""
    replica = build_intake_use_cases(_env(url))
    replicas = (intake, replica)
    moment = datetime(2026, 2, 14, 9, tzinfo=UTC)
    try:
        for n in range(6):
            flood_hit_family(intake, f"KC{n:06d}")
            flood_hit_family(intake, f"KD{n:06d}")
            same = Sms(f"same-{n}", "0661234567", f"KC{n:06d} 30/11/1968", moment)
            family = [
                Sms(f"{n}-{m}", "0661234567", f"KD{n:06d} 30/11/1968", moment) for m in (1, 2)
            ]
            with ThreadPoolExecutor(2) as pool:
                repeated = list(pool.map(lambda a, m: a.claims.receive(m), replicas, (same, same)))
                both = list(pool.map(lambda a, m: a.claims.receive(m), replicas, family))
            assert {a.outcome for a in repeated} == {ClaimOutcome.RECEIVED}
            assert len({a.claim_id for a in repeated}) == 1
            assert sorted(a.outcome for a in both) == [
                ClaimOutcome.ALREADY_RECEIVED, ClaimOutcome.RECEIVED,
            ]  # fmt: skip
        counts = intake.claims.counts()
        assert counts[ClaimOutcome.RECEIVED][0] == 12
        assert counts[ClaimOutcome.ALREADY_RECEIVED][0] == 6
    finally:
        replica.store.close()


def test_two_replicas_receiving_one_batch_at_once_record_each_message_once(
    intake: Intake, url: str
) -> None:
    """A gateway surge retried on another replica: the same batch on both at once. One batch
    commits; the other's transaction fails and it receives its messages one at a time."""
    replica = build_intake_use_cases(_env(url))
    moment = datetime(2026, 2, 14, 9, tzinfo=UTC)
    try:
        for n in range(20):
            flood_hit_family(intake, f"KE{n:06d}")
        batch = [Sms(f"b-{n}", "0661234567", f"KE{n:06d} 30/11/1968", moment) for n in range(20)]
        with ThreadPoolExecutor(2) as pool:
            both = list(pool.map(lambda a: a.claim_batches.receive_many(batch), (intake, replica)))
        for answers in both:
            assert {a.outcome for a in answers} == {ClaimOutcome.RECEIVED}
        assert [a.claim_id for a in both[0]] == [a.claim_id for a in both[1]]
        assert intake.claims.counts() == {ClaimOutcome.RECEIVED: (20, 1)}
    finally:
        replica.store.close()
