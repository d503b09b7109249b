"""Households over HTTP, on intake's own event store (SQLite, and PostgreSQL on CI)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import httpx

from services.intake.application import Intake
from tests.integration.households.conftest import (
    DOUAR,
    FLOODS,
    STREET,
    enrol,
    fields_of,
    household_body,
    impact,
    register,
)


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
