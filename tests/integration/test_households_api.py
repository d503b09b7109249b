"""Households over HTTP, on intake's own event store (SQLite, and PostgreSQL on CI)."""

from __future__ import annotations

import json
import types
from collections.abc import AsyncIterator, Iterator
from datetime import date, datetime, timedelta
from itertools import count
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import pytest
from fastapi import FastAPI

from services.intake.application import Enrolment, Intake
from services.intake.bootstrap import build_intake_use_cases
from services.intake.domain.beneficiary import category_entry
from services.intake.domain.personal import PersonalData
from services.intake.domain.reference import Category, Sex
from services.intake.interfaces.http.households import router
from services.intake.interfaces.publishing import to_integration_event as translate
from shared.auth import Role
from shared.eventstore import eventstore_env
from shared.http.app import create_app
from tests.infra import postgres_database, require_infra
from tests.platform import ISSUER, token

FLOODS = "floods-2026-02-north-west"
SAFI = "floods-2025-12-safi"
DOUAR = "Douar Oulad Ogbane"
STREET = "Maison 14, derb Sidi Kacem"
CASEWORKER_LAR = token(Role.CASEWORKER, provinces=("LAR",), subject="cw-larache")


async def _ready() -> dict[str, str]:
    return {}


def _env(url: str) -> dict[str, str]:
    env = eventstore_env(url)
    env["LOOKUP_SECRET"] = "test-lookup-secret"
    return env


@pytest.fixture(params=["sqlite", "postgresql"])
def intake(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Intake]:
    if request.param == "sqlite":
        yield build_intake_use_cases(_env(f"sqlite:///{tmp_path}/intake.sqlite"))
        return
    require_infra()
    with postgres_database("intake") as url:
        app = build_intake_use_cases(_env(url))
        yield app
        app.store.close()


@pytest.fixture
async def client(intake: Intake) -> AsyncIterator[httpx.AsyncClient]:
    app: FastAPI = create_app(
        title="t", description="t", token_issuer=ISSUER, routers=[router], ready=_ready
    )
    app.state.intake = intake
    app.state.relay = types.SimpleNamespace(wake=lambda: None)
    transport = httpx.ASGITransport(app=app)
    headers = {"Authorization": f"Bearer {CASEWORKER_LAR}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://t", headers=headers) as c:
        yield c


_cins = count(10000)


def enrol(intake: Intake, province_code: str = "LAR", commune_code: str = "LAR-001") -> str:
    personal = PersonalData(
        name_ar="خديجة المرابط",
        name_lat="Khadija Mrabet",
        cin=f"LA{next(_cins)}",
        civil_registry_ref=None,
        birth_date=date(1975, 5, 2),
        phone=None,
        address=None,
    )
    enrolment = Enrolment(
        personal=personal,
        sex=Sex.FEMALE,
        province_code=province_code,
        commune_code=commune_code,
        categories=[
            category_entry(
                Category.DISASTER_AFFECTED, evidence="flood census", since=date(2026, 2, 10)
            )
        ],
    )
    return str(intake.beneficiaries.enrol_beneficiary(enrolment, actor="t"))


def as_(*roles: Role, provinces: tuple[str, ...] = ("*",)) -> dict[str, str]:
    return {"Authorization": f"Bearer {token(*roles, provinces=provinces)}"}


def fields_of(response: httpx.Response) -> list[str]:
    assert response.status_code == 422, response.text
    return [f["field"] for f in response.json()["fields"]]


def household_body(head_id: str, **changes: Any) -> dict[str, Any]:
    body = {
        "head_id": head_id,
        "province_code": "LAR",
        "commune_code": "LAR-001",
        "douar": DOUAR,
        "address": STREET,
    }
    return {**body, **changes}


async def register(client: httpx.AsyncClient, head_id: str, **changes: Any) -> str:
    response = await client.post("/households", json=household_body(head_id, **changes))
    assert response.status_code == 201, response.text
    return str(response.json()["household_id"])


async def impact(
    client: httpx.AsyncClient, household_id: str, disaster: str = FLOODS, **body: Any
) -> httpx.Response:
    body = {"evacuated": True, "damage": "repairable", **body}
    return await client.put(f"/households/{household_id}/disaster-impacts/{disaster}", json=body)


async def test_a_household_is_registered_shown_and_its_history_kept(
    client: httpx.AsyncClient, intake: Intake
) -> None:
    head = enrol(intake)
    household_id = await register(client, head)
    shown = (await client.get(f"/households/{household_id}")).json()
    assert (shown["douar"], shown["address"], shown["erased"]) == (DOUAR, STREET, False)
    assert shown["members"] == [{"beneficiary_id": head, "relation": "head"}]
    assert (shown["member_count"], shown["version"], shown["disaster_impacts"]) == (1, 1, [])

    assert (await impact(client, household_id)).status_code == 204
    corrected = await impact(
        client, household_id, damage="destroyed", reason="second survey: roof collapsed"
    )
    assert corrected.status_code == 204
    shown = (await client.get(f"/households/{household_id}")).json()
    assert shown["disaster_impacts"] == [
        {"disaster": FLOODS, "evacuated": True, "damage": "destroyed"}
    ]

    moved = await client.post(
        f"/households/{household_id}/address-corrections",
        json={"douar": "Douar Lkhlot", "address": None, "reason": "wrong douar at registration"},
    )
    assert moved.status_code == 204, moved.text

    events = (await client.get(f"/households/{household_id}/history")).json()["events"]
    assert [(e["what"], e["who"]) for e in events] == [
        ("Registered", "cw-larache"),
        ("DisasterImpactRecorded", "cw-larache"),
        ("DisasterImpactRecorded", "cw-larache"),
        ("AddressCorrected", "cw-larache"),
    ]
    assert events[2]["why"] == "second survey: roof collapsed"

    before = await client.get(f"/households/{household_id}", params={"as_of": events[0]["when"]})
    assert before.json()["disaster_impacts"] == []
    assert before.json()["douar"] == DOUAR
    after = await client.get(f"/households/{household_id}", params={"as_of": events[1]["when"]})
    assert after.json()["disaster_impacts"][0]["damage"] == "repairable"
    now = (await client.get(f"/households/{household_id}")).json()
    assert (now["douar"], now["address"], now["version"]) == ("Douar Lkhlot", None, 4)
    too_early = datetime.fromisoformat(events[0]["when"]) - timedelta(seconds=1)
    missing = await client.get(
        f"/households/{household_id}", params={"as_of": too_early.isoformat()}
    )
    assert missing.status_code == 404
    assert missing.json()["detail"] == "household did not exist yet at that moment"

    # The event store holds the address only sealed.
    stored = list(intake.store.repository.event_store.get(UUID(household_id)))
    assert all("Ogbane" not in json.dumps(e.__dict__, default=str) for e in stored)


async def test_members_join_and_leave_by_the_rules(
    client: httpx.AsyncClient, intake: Intake
) -> None:
    head, spouse, child = enrol(intake), enrol(intake), enrol(intake)
    household_id = await register(client, head)
    members = f"/households/{household_id}/members"

    async def add(beneficiary_id: str, relation: str, **extra: Any) -> httpx.Response:
        body = {"beneficiary_id": beneficiary_id, "relation": relation, **extra}
        return await client.post(members, json=body)

    assert (await add(spouse, "spouse")).status_code == 204
    assert (await add(child, "child", reason="born 2014")).status_code == 204
    assert fields_of(await add(spouse, "sibling")) == ["beneficiary_id"]  # already a member
    assert fields_of(await add(head, "child")) == ["beneficiary_id"]  # the head, again
    assert fields_of(await add(enrol(intake), "head")) == ["relation"]  # one head only
    assert fields_of(await add(enrol(intake), "cousin")) == ["relation"]
    unknown = "00000000-0000-4000-8000-000000000000"
    assert fields_of(await add(unknown, "child")) == ["beneficiary_id"]
    assert fields_of(await add(child, "child", colour="blue")) == ["colour"]
    no_household = await client.post(
        f"/households/{unknown}/members", json={"beneficiary_id": child, "relation": "child"}
    )
    assert no_household.status_code == 404

    def removal(beneficiary_id: str) -> str:
        return f"{members}/{beneficiary_id}/removal"

    assert fields_of(await client.post(removal(head), json={"reason": "r"})) == ["beneficiary_id"]
    outsider = enrol(intake)
    assert fields_of(await client.post(removal(outsider), json={"reason": "r"})) == [
        "beneficiary_id"
    ]
    assert fields_of(await client.post(removal(child), json={})) == ["reason"]
    left = await client.post(removal(child), json={"reason": "married, own household"})
    assert left.status_code == 204

    shown = (await client.get(f"/households/{household_id}")).json()
    assert shown["member_count"] == 2
    assert shown["members"] == [
        {"beneficiary_id": head, "relation": "head"},
        {"beneficiary_id": spouse, "relation": "spouse"},
    ]
    history = (await client.get(f"/households/{household_id}/history")).json()["events"]
    assert [e["what"] for e in history][-1] == "MemberRemoved"
    assert history[-1]["why"] == "married, own household"

    # Bad bodies and rules on the other routes name their field too.
    assert fields_of(await impact(client, household_id, disaster="earthquake")) == ["disaster"]
    assert fields_of(await impact(client, household_id, damage="flooded")) == ["damage"]
    assert (await impact(client, household_id)).status_code == 204
    assert fields_of(await impact(client, household_id, damage="destroyed")) == ["reason"]
    no_douar = household_body(head, douar=" ")
    assert fields_of(await client.post("/households", json=no_douar)) == ["douar"]
    bad_commune = household_body(head, commune_code="LAR-999")
    assert fields_of(await client.post("/households", json=bad_commune)) == ["commune_code"]
    no_head = household_body(unknown)
    assert fields_of(await client.post("/households", json=no_head)) == ["head_id"]
    no_reason = await client.post(
        f"/households/{household_id}/address-corrections", json={"douar": "D"}
    )
    assert fields_of(no_reason) == ["reason"]


async def test_access_is_by_role_and_province(client: httpx.AsyncClient, intake: Intake) -> None:
    head = enrol(intake)
    household_id = await register(client, head)
    path = f"/households/{household_id}"
    elsewhere = as_(Role.CASEWORKER, provinces=("KEN",))
    assert (
        await client.post("/households", json=household_body(head), headers=elsewhere)
    ).status_code == 403
    assert (await client.get(path, headers=elsewhere)).status_code == 403
    assert (await client.get(f"{path}/history", headers=elsewhere)).status_code == 403
    member = {"beneficiary_id": enrol(intake), "relation": "child"}
    assert (await client.post(f"{path}/members", json=member, headers=elsewhere)).status_code == 403
    assert (await impact(client, household_id)).status_code == 204
    assert (
        await client.put(
            f"{path}/disaster-impacts/{SAFI}",
            json={"evacuated": False, "damage": "none"},
            headers=elsewhere,
        )
    ).status_code == 403
    assert (
        await client.post(f"{path}/erasure", json={"reason": "r"}, headers=elsewhere)
    ).status_code == 403

    # A caseworker cannot pull someone from a province they may not see into a household.
    kenitra = enrol(intake, "KEN", "KEN-001")
    assert (
        await client.post(f"{path}/members", json={"beneficiary_id": kenitra, "relation": "child"})
    ).status_code == 403
    assert (await client.post("/households", json=household_body(kenitra))).status_code == 403

    for reader in (Role.AUDITOR, Role.APPROVER):
        headers = as_(reader)
        assert (await client.get(path, headers=headers)).status_code == 200
        assert (await client.get(f"{path}/history", headers=headers)).status_code == 200
        assert (
            await client.post("/households", json=household_body(head), headers=headers)
        ).status_code == 403
        assert (
            await client.post(f"{path}/members", json=member, headers=headers)
        ).status_code == 403
        assert (
            await client.post(f"{path}/erasure", json={"reason": "r"}, headers=headers)
        ).status_code == 403
    anonymous = {"Authorization": ""}
    assert (await client.get(path, headers=anonymous)).status_code == 401
    assert (await client.get("/households", headers=anonymous)).status_code == 401
    assert (
        await client.post("/households", json=household_body(head), headers=anonymous)
    ).status_code == 401


async def test_erasure_leaves_members_and_impacts(
    client: httpx.AsyncClient, intake: Intake
) -> None:
    head, spouse = enrol(intake), enrol(intake)
    household_id = await register(client, head)
    path = f"/households/{household_id}"
    await client.post(f"{path}/members", json={"beneficiary_id": spouse, "relation": "spouse"})
    assert (
        await impact(client, household_id, evacuated=True, damage="destroyed")
    ).status_code == 204

    assert fields_of(await client.post(f"{path}/erasure", json={"reason": " "})) == ["reason"]
    erased = await client.post(f"{path}/erasure", json={"reason": "the family asked (09-08)"})
    assert erased.status_code == 204
    shown = (await client.get(path)).json()
    assert (shown["douar"], shown["address"], shown["erased"]) == (None, None, True)
    assert shown["member_count"] == 2
    assert shown["disaster_impacts"] == [
        {"disaster": FLOODS, "evacuated": True, "damage": "destroyed"}
    ]
    events = (await client.get(f"{path}/history")).json()["events"]
    assert (events[-1]["what"], events[-1]["why"]) == ("AddressErased", "the family asked (09-08)")
    # Earlier versions cannot be opened either: the key is gone.
    first = (await client.get(path, params={"as_of": events[0]["when"]})).json()
    assert (first["douar"], first["erased"]) == (None, True)
    # And there is no address left to correct.
    again = await client.post(
        f"{path}/address-corrections", json={"douar": DOUAR, "reason": "came back"}
    )
    assert fields_of(again) == ["douar"]
    # Listed, still counted by disaster.
    listed = (await client.get("/households", params={"disaster": FLOODS})).json()
    assert listed["total"] == 1
    assert listed["items"][0]["erased"] is True


async def test_households_are_listed_by_province_and_disaster(
    client: httpx.AsyncClient, intake: Intake
) -> None:
    larache = [await register(client, enrol(intake)) for _ in range(3)]
    admin = as_(Role.ADMIN)
    kenitra_head = enrol(intake, "KEN", "KEN-001")
    kenitra_body = household_body(kenitra_head, province_code="KEN", commune_code="KEN-001")
    kenitra = (
        await client.post("/households", json=kenitra_body, headers=as_(Role.CASEWORKER))
    ).json()["household_id"]
    await impact(client, larache[0])
    await impact(client, larache[2], disaster=SAFI, damage="none", evacuated=False)
    await client.put(
        f"/households/{kenitra}/disaster-impacts/{FLOODS}",
        json={"evacuated": True, "damage": "destroyed"},
        headers=as_(Role.CASEWORKER),
    )

    async def listed(headers: dict[str, str] | None = None, **params: Any) -> dict[str, Any]:
        response = await client.get("/households", params=params, headers=headers)
        assert response.status_code == 200, response.text
        found: dict[str, Any] = response.json()
        return found

    def ids(page: dict[str, Any]) -> list[str]:
        return [i["household_id"] for i in page["items"]]

    everything = await listed(admin)
    assert (everything["total"], ids(everything)) == (4, [*larache, kenitra])
    assert (everything["limit"], everything["offset"]) == (50, 0)
    mine = await listed()  # the Larache caseworker sees Larache only
    assert (mine["total"], ids(mine)) == (3, larache)
    assert ids(await listed(admin, province="KEN")) == [kenitra]
    # Outside the caller's provinces: refused, like every list (tests/integration/
    # test_http_error_rules.py), no longer an empty page.
    outside = await client.get("/households", params={"province": "KEN"})
    assert outside.status_code == 403, outside.text
    flooded = await listed(admin, disaster=FLOODS)
    assert (flooded["total"], ids(flooded)) == (2, [larache[0], kenitra])
    assert ids(await listed(disaster=FLOODS)) == [larache[0]]
    assert ids(await listed(admin, disaster=SAFI)) == [larache[2]]
    page = await listed(admin, limit=2, offset=2)
    assert (page["total"], page["limit"], page["offset"]) == (4, 2, 2)
    assert ids(page) == [larache[2], kenitra]
    auditor_khn = as_(Role.AUDITOR, provinces=("KHN",))
    assert (await listed(auditor_khn))["total"] == 0
    item = everything["items"][0]
    assert (item["douar"], item["member_count"]) == (DOUAR, 1)

    assert fields_of(await client.get("/households", params={"limit": 0})) == ["query.limit"]
    assert fields_of(await client.get("/households", params={"limit": 201})) == ["query.limit"]
    assert fields_of(await client.get("/households", params={"offset": -1})) == ["query.offset"]
    assert fields_of(await client.get("/households", params={"disaster": "x"})) == ["disaster"]


async def test_what_leaves_intake_carries_no_address(
    client: httpx.AsyncClient, intake: Intake
) -> None:
    head, child = enrol(intake), enrol(intake)
    household_id = await register(client, head)
    path = f"/households/{household_id}"
    await client.post(f"{path}/members", json={"beneficiary_id": child, "relation": "child"})
    await impact(client, household_id)
    await client.post(f"{path}/members/{child}/removal", json={"reason": "left"})
    await client.post(
        f"{path}/address-corrections", json={"douar": "Douar Lkhlot", "reason": "typo"}
    )
    await client.post(f"{path}/erasure", json={"reason": "asked"})
    stored = list(intake.store.repository.event_store.get(UUID(household_id)))
    published = [p for p in (translate(e) for e in stored) if p is not None]
    assert [p.payload.TYPE for p in published] == [
        "HouseholdRegistered",
        "HouseholdMemberAdded",
        "HouseholdDisasterImpactRecorded",
        "HouseholdMemberRemoved",
    ]
    wire = json.dumps([p.payload.model_dump(mode="json") for p in published])
    for personal in ("Ogbane", "Lkhlot", "Sidi Kacem", "douar", "address", "Khadija"):
        assert personal not in wire
    assert published[2].payload.model_dump(mode="json")["province_code"] == "LAR"
