"""Intake records a flood-hit household over HTTP and the family claims relief by SMS (the
claim put on `intake.claims` as intake publishes it); grants, reading both off the bus
(in-process, or Kafka with PostgreSQL) in either order, keeps the facts and proposes the relief
once. An impact nobody claimed proposes nothing."""

from __future__ import annotations

import uuid
from typing import Any

from services.grants.domain.decision import Decision
from services.grants.domain.programme import Programme
from services.grants.domain.reference_programmes import (
    EMERGENCY_AID,
    FLOOD_RELIEF_2026_02,
    FLOODS_2026_02,
    HOUSING_AID,
)
from shared.auth import Role
from shared.contracts import default_registry
from tests.integration.relief_claims import claim_relief
from tests.integration.test_walking_skeleton import FATIMA
from tests.platform import Platform, eventually, token

CASEWORKER_LAR = token(Role.CASEWORKER, provinces=("LAR",), subject="cw-larache")
HEAD = {
    **FATIMA,
    "cin": "LA900001",
    "province_code": "LAR",
    "commune_code": "LAR-001",
    "categories": [
        {"category": "disaster_affected", "evidence": "flood census", "since": "2026-02-10"}
    ],
}


async def registered_household(platform: Platform) -> tuple[str, str]:
    """(household, head) registered in intake."""
    async with platform.client(platform.intake, CASEWORKER_LAR) as intake:
        enrolled = await intake.post("/beneficiaries", json=HEAD)
        assert enrolled.status_code == 201, enrolled.text
        head_id = str(enrolled.json()["beneficiary_id"])
        registered = await intake.post(
            "/households",
            json={
                "head_id": head_id,
                "province_code": "LAR",
                "commune_code": "LAR-001",
                "douar": "Douar Oulad Ogbane",
                "address": "Maison 14",
            },
        )
        assert registered.status_code == 201, registered.text
    return str(registered.json()["household_id"]), head_id


async def record_impact(platform: Platform, household_id: str, **impact: Any) -> None:
    body = {"evacuated": True, "damage": "destroyed", **impact}
    async with platform.client(platform.intake, CASEWORKER_LAR) as intake:
        recorded = await intake.put(
            f"/households/{household_id}/disaster-impacts/{FLOODS_2026_02}", json=body
        )
    assert recorded.status_code == 204, recorded.text


async def flood_hit_household(platform: Platform, **impact: Any) -> str:
    """Intake records the impact, then the family claims."""
    household_id, head_id = await registered_household(platform)
    await record_impact(platform, household_id, **impact)
    await claim_relief(platform, household_id, head_id)
    return household_id


def proposals_of(platform: Platform, household_id: str) -> dict[str, Decision]:
    proposals = platform.grants.http.state.proposals
    found = [proposals.get(i) for i in proposals.of_subject(uuid.UUID(household_id))]
    return {d.component: d for d in found if d is not None}


async def proposed(platform: Platform, household_id: str, count: int) -> dict[str, Decision]:
    async def there() -> bool:
        return len(proposals_of(platform, household_id)) == count

    await eventually(there, what=f"grants to propose {count} components")
    return proposals_of(platform, household_id)


async def test_a_flood_hit_household_ends_up_with_its_relief_proposed(platform: Platform) -> None:
    household_id = await flood_hit_household(platform)

    decisions = await proposed(platform, household_id, 2)

    programme_id = Programme.create_id(FLOOD_RELIEF_2026_02)
    assert decisions[EMERGENCY_AID].amount_centimes == 600_000
    assert decisions[HOUSING_AID].amount_centimes == 14_000_000
    for component, d in decisions.items():
        assert d.id == Decision.create_id(
            programme_id, FLOODS_2026_02, component, uuid.UUID(household_id)
        )
        assert (d.province_code, d.proposed_by, d.status) == ("LAR", "grants", "proposed")


async def test_a_claim_read_before_the_impact_is_proposed_when_the_impact_arrives(
    platform: Platform,
) -> None:
    household_id, head_id = await registered_household(platform)
    await claim_relief(platform, household_id, head_id)
    facts = platform.grants.http.state.organisation_facts

    async def claim_kept() -> bool:
        return facts.claim(uuid.UUID(household_id), FLOODS_2026_02) is not None

    await eventually(claim_kept, what="grants to keep the claim")
    assert proposals_of(platform, household_id) == {}
    await record_impact(platform, household_id, damage="repairable")

    decisions = await proposed(platform, household_id, 2)
    assert decisions[HOUSING_AID].amount_centimes == 1_500_000


async def test_an_impact_nobody_claimed_proposes_no_relief(platform: Platform) -> None:
    household_id, _ = await registered_household(platform)
    await record_impact(platform, household_id)
    facts = platform.grants.http.state.organisation_facts

    async def impact_kept() -> bool:
        return facts.impact(uuid.UUID(household_id), FLOODS_2026_02) is not None

    await eventually(impact_kept, what="grants to keep the impact")
    assert proposals_of(platform, household_id) == {}


async def test_the_same_claim_delivered_twice_makes_one_proposal_each(platform: Platform) -> None:
    household_id, head_id = await registered_household(platform)
    await record_impact(platform, household_id)
    key, claim = await claim_relief(platform, household_id, head_id)
    await proposed(platform, household_id, 2)
    grants = platform.grants.consumers[0]
    duplicates_before = grants.duplicates

    await platform.inject("intake.claims", key, claim)

    async def repeat_seen() -> bool:
        return grants.duplicates > duplicates_before

    await eventually(repeat_seen, what="grants to receive the repeated claim")
    decisions = proposals_of(platform, household_id)
    assert sorted(decisions) == [EMERGENCY_AID, HOUSING_AID]
    assert all(d.version == 1 for d in decisions.values())


async def test_the_same_impact_record_delivered_twice_makes_one_proposal_each(
    platform: Platform,
) -> None:
    household_id = await flood_hit_household(platform)
    await proposed(platform, household_id, 2)
    registry = default_registry()
    [original] = [
        r
        for r in await platform.read_topic("intake.households")
        if r.value is not None
        and registry.decode(r.value).type == "HouseholdDisasterImpactRecorded"
    ]
    grants = platform.grants.consumers[0]
    duplicates_before = grants.duplicates

    await platform.inject("intake.households", original.key or b"", original.value)

    async def repeat_seen() -> bool:
        return grants.duplicates > duplicates_before

    await eventually(repeat_seen, what="grants to receive the repeated impact")
    decisions = proposals_of(platform, household_id)
    assert sorted(decisions) == [EMERGENCY_AID, HOUSING_AID]
    assert all(d.version == 1 for d in decisions.values())


async def test_the_proposals_are_listed_in_the_callers_provinces(platform: Platform) -> None:
    household_id = await flood_hit_household(platform)
    await proposed(platform, household_id, 2)
    asked = {"province": "LAR", "programme": FLOOD_RELIEF_2026_02, "status": "proposed"}

    async with platform.client(platform.grants, CASEWORKER_LAR) as grants:
        listed = await grants.get("/proposals", params={**asked, "limit": 1})
        rest = await grants.get("/proposals", params={**asked, "limit": 1, "offset": 1})
        cancelled = await grants.get("/proposals", params={**asked, "status": "cancelled"})
    khenifra = token(Role.APPROVER, provinces=("KHN",))
    async with platform.client(platform.grants, khenifra) as grants:
        elsewhere = await grants.get("/proposals", params={"province": "LAR"})
        own = await grants.get("/proposals")
        programmes = (await grants.get("/programmes")).json()["items"]

    assert listed.status_code == 200, listed.text
    first, second = listed.json(), rest.json()
    assert (first["total"], second["total"]) == (2, 2)
    shown = {item["component"]: item for item in first["items"] + second["items"]}
    assert shown[EMERGENCY_AID]["amount"] == "6000.00"
    assert shown[HOUSING_AID]["amount"] == "140000.00"
    assert shown[HOUSING_AID]["subject_id"] == household_id
    assert cancelled.json()["total"] == 0
    assert elsewhere.status_code == 403
    assert own.json()["total"] == 0
    triggers = {p["code"]: p["trigger"] for p in programmes}
    assert triggers.pop(FLOOD_RELIEF_2026_02) == "claim"
    assert set(triggers.values()) == {"impact"}


async def test_erasing_the_households_head_in_intake_cancels_its_relief(
    platform: Platform,
) -> None:
    household_id = await flood_hit_household(platform)
    await proposed(platform, household_id, 2)
    async with platform.client(platform.intake, CASEWORKER_LAR) as intake:
        shown = await intake.get(f"/households/{household_id}")
        assert shown.status_code == 200, shown.text
        head_id = shown.json()["head_id"]
        erased = await intake.post(
            f"/beneficiaries/{head_id}/erasure", json={"reason": "the person asked (law 09-08)"}
        )
        assert erased.status_code == 204, erased.text

    async def cancelled() -> bool:
        decisions = proposals_of(platform, household_id).values()
        return {d.status for d in decisions} == {"cancelled"}

    await eventually(cancelled, what="grants to cancel the household's relief")
