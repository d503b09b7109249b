"""`POST /proposals`: a caseworker of the province refers a beneficiary enrolled in intake for
the month's food aid, attesting the type of disability (never sending it); the referral is
refused as JSON naming the field, 403 outside the province, 409 the second time, and goes
through the four eyes."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from services.grants.domain.reference_programmes import DISABILITY_FOOD_AID
from shared.auth import Role
from shared.contracts import default_registry
from shared.contracts.grants_decisions import DECISIONS_TOPIC
from tests.integration.test_walking_skeleton import FATIMA
from tests.platform import Platform, embedded_platform, eventually, token

MARCH = "2026-03"
CASEWORKER_KHN = token(Role.CASEWORKER, provinces=("KHN",), subject="cw-khenifra")
DISABLED = {
    **FATIMA,
    "cin": "BK700001",
    "categories": [
        {"category": "disability", "disability_type": "motor", "severity": "severe",
         "evidence": "disability card",
         "since": "2020-01-01"}
    ],
}  # fmt: skip


async def enrolled_in_intake(platform: Platform) -> str:
    async with platform.client(platform.intake, CASEWORKER_KHN) as intake:
        response = await intake.post("/beneficiaries", json=DISABLED)
        assert response.status_code == 201, response.text
    beneficiary_id = str(response.json()["beneficiary_id"])
    facts = platform.grants.http.state.organisation_facts

    async def known() -> bool:
        return facts.person(uuid.UUID(beneficiary_id)) is not None

    await eventually(known, what="grants to keep intake's beneficiary")
    return beneficiary_id


async def test_a_caseworker_refers_a_beneficiary_for_food_aid(tmp_path: Path) -> None:
    async with embedded_platform(tmp_path) as platform:
        beneficiary_id = await enrolled_in_intake(platform)
        admin = platform.client(platform.grants, token(Role.ADMIN))
        cw = platform.client(platform.grants, CASEWORKER_KHN)
        approver = platform.client(
            platform.grants, token(Role.APPROVER, provinces=("KHN",), subject="ap-khenifra")
        )
        async with admin, cw, approver:
            programmes = {p["code"]: p for p in (await admin.get("/programmes")).json()["items"]}
            food = programmes[DISABILITY_FOOD_AID]["programme_id"]
            opened = await admin.post(
                f"/programmes/{food}/cycles", json={"cycle": MARCH, "reason": "March baskets"}
            )
            assert opened.status_code == 201, opened.text
            good: dict[str, Any] = {
                "programme": DISABILITY_FOOD_AID, "cycle": MARCH,
                "beneficiary_id": beneficiary_id, "disability_type_attested": True,
                "reason": "home visit: disability card seen",
            }  # fmt: skip
            refusals: list[tuple[dict[str, Any], str]] = [
                ({"programme": "no-such-programme"}, "programme"),
                ({"cycle": "2026-3"}, "cycle"),
                ({"cycle": "2026-04"}, "cycle"),
                ({"component": "wheelchair"}, "component"),
                ({"beneficiary_id": str(uuid.uuid4())}, "beneficiary_id"),
                ({"disability_type_attested": False}, "disability_type_attested"),
                ({"disability_type": "motor"}, "disability_type"),  # never taken
            ]
            for change, field in refusals:
                refused = await cw.post("/proposals", json={**good, **change})
                assert refused.status_code == 422, (change, refused.text)
                assert refused.json()["fields"][0]["field"] == field, change

            for who in (
                token(Role.CASEWORKER, provinces=("LAR",), subject="cw-larache"),
                token(Role.APPROVER, provinces=("KHN",)),
                token(Role.AUDITOR),
            ):
                async with platform.client(platform.grants, who) as other:
                    forbidden = await other.post("/proposals", json=good)
                assert forbidden.status_code == 403, forbidden.text
                assert forbidden.json()["error"]
            async with platform.client(platform.grants) as anonymous:
                unauthenticated = await anonymous.post("/proposals", json=good)
            assert unauthenticated.status_code == 401
            assert unauthenticated.json()["error"]

            referred = await cw.post("/proposals", json=good)
            assert referred.status_code == 201, referred.text
            decision = referred.json()
            assert (decision["status"], decision["component"], decision["items"]) == (
                "proposed", "food_basket", ["Food basket"],
            )  # fmt: skip
            assert decision["disability_type_attested"] is True
            assert decision["proposed_by"] == "cw-khenifra"
            assert "motor" not in referred.text

            again = await cw.post("/proposals", json=good)
            assert again.status_code == 409, again.text
            assert again.json()["fields"][0]["field"] == "component"
            listed = (await cw.get("/proposals", params={"programme": DISABILITY_FOOD_AID})).json()
            assert [p["decision_id"] for p in listed["items"]] == [decision["decision_id"]]
            assert listed["items"][0]["disability_type_attested"] is True

            decision_id = decision["decision_id"]
            history = (await cw.get(f"/decisions/{decision_id}/history")).json()["events"]
            assert [(e["what"], e["who"], e["why"]) for e in history] == [
                ("Proposed", "cw-khenifra", "home visit: disability card seen")
            ]
            approved = await approver.post(f"/decisions/{decision_id}/approve", json={})
            assert approved.status_code == 200, approved.text
            assert approved.json()["status"] == "approved"
        await published_without_the_attestations_reason(platform, decision_id)


async def published_without_the_attestations_reason(platform: Platform, decision_id: str) -> None:
    """The proposal goes out (DecisionProposed), but not the caseworker's words about the
    person's disability: neither in the payload nor in the envelope."""
    registry = default_registry()

    async def proposal_published() -> list[bytes]:
        return [
            r.value
            for r in await platform.read_topic(DECISIONS_TOPIC)
            if r.value is not None and decision_id.encode() in r.value
        ]

    async def out() -> bool:
        return len(await proposal_published()) == 2  # proposed, approved

    await eventually(out, what="grants to publish the referral's decision")
    proposed, _ = [registry.decode(v) for v in await proposal_published()]
    assert proposed.type == "DecisionProposed"
    assert (proposed.envelope.reason, proposed.envelope.actor) == (None, "cw-khenifra")
    assert getattr(proposed.payload, "reason", "?") is None
    assert not any(b"disability card" in v for v in await proposal_published())


async def test_the_referral_is_documented_in_openapi(tmp_path: Path) -> None:
    async with embedded_platform(tmp_path) as platform, platform.client(platform.grants) as c:
        doc = (await c.get("/openapi.json")).json()
    operation = doc["paths"]["/proposals"]["post"]
    assert set(operation["responses"]) >= {"201", "401", "403", "409", "422"}
    assert operation["responses"]["201"]["content"]["application/json"]["example"]
    body = doc["components"]["schemas"]["ReferralBody"]
    assert body["examples"][0]["programme"] == DISABILITY_FOOD_AID
    assert "disability_type" not in body["properties"]
