"""Households over HTTP, on intake's own event store (SQLite, and PostgreSQL on CI)."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

import httpx

from services.intake.application import Intake
from services.intake.interfaces.publishing import to_integration_event as translate
from shared.auth import Role
from tests.integration.households.conftest import (
    DOUAR,
    FLOODS,
    SAFI,
    as_,
    enrol,
    fields_of,
    household_body,
    impact,
    register,
)


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
