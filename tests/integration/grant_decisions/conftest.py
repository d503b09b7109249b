"""Helpers for grants' decision flow over HTTP: the Khenifra 2021 organisations registered in
intake and kept by grants, programmes' cycles and envelopes opened by an admin, flood relief
proposals for evacuated households."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid4

import httpx

from services.grants.application.ports import OrganisationFacts
from services.grants.domain.eligibility import HouseholdFacts, assess_household
from services.grants.domain.programme import Programme
from services.grants.domain.programme_terms import Cycle
from services.grants.domain.proposal import propose
from services.grants.domain.reference_programmes import (
    EMERGENCY_AID,
    FLOOD_RELIEF_2026_02,
    FLOODS_2026_02,
    LARACHE,
)
from services.grants.persistence.event_store import GrantsEventStore
from shared.auth import Role
from tests.platform import Platform, eventually, token

FLOODS = Programme.create_id(FLOOD_RELIEF_2026_02)


@dataclass(frozen=True)
class Khenifra:
    care_association: UUID
    care_institution: UUID
    proximity_association: UUID
    proximity_centre: UUID
    disability_association: UUID


def association(name: str, number: str, *fields: str) -> dict[str, Any]:
    return {"name": name, "registration_number": number, "province_code": "KHN",
            "fields_of_work": list(fields)}  # fmt: skip


def institution(name: str, type_: str, managed_by: UUID, capacity: int) -> dict[str, Any]:
    return {"name_lat": name, "type": type_, "province_code": "KHN", "commune_code": "KHN-001",
            "capacity": capacity, "licensing_status": "licensed",
            "managing_association_id": str(managed_by)}  # fmt: skip


async def _registered(client: httpx.AsyncClient, path: str, body: dict[str, Any]) -> UUID:
    response = await client.post(path, json=body)
    assert response.status_code == 201, response.text
    return UUID(response.json()[f"{path.strip('/')[:-1]}_id"])


async def khenifra_organisations(platform: Platform) -> Khenifra:
    """Registered in intake over its HTTP API, then waited for until grants has kept the
    facts intake published about them."""
    caseworker = token(Role.CASEWORKER, provinces=("KHN",), subject="cw-intake-khn")
    async with platform.client(platform.intake, caseworker) as intake:
        care = await _registered(intake, "/associations", association(
            "Association Al Wifaq", "KHN-2009-0031", "child_in_difficulty"))  # fmt: skip
        proximity = await _registered(intake, "/associations", association(
            "Association Nour", "KHN-2012-0208", "woman_in_difficulty"))  # fmt: skip
        disability = await _registered(intake, "/associations", association(
            "Association Al Amal Handicap", "KHN-2015-0117", "disability"))  # fmt: skip
        care_institution = await _registered(intake, "/institutions", institution(
            "Dar Al Atfal Khenifra", "social_care_institution", care, 60))  # fmt: skip
        centre = await _registered(intake, "/institutions", institution(
            "Centre social de proximite Khenifra", "proximity_social_centre", proximity,
            40))  # fmt: skip
    org = Khenifra(care, care_institution, proximity, centre, disability)
    await grants_knows(platform, org)
    return org


async def grants_knows(platform: Platform, org: Khenifra, timeout: float = 30.0) -> None:
    facts: OrganisationFacts = platform.grants.http.state.organisation_facts

    async def known() -> bool:
        associations = (org.care_association, org.proximity_association,
                        org.disability_association)  # fmt: skip
        institutions = (org.care_institution, org.proximity_centre)
        return all(facts.association(a) is not None for a in associations) and all(
            facts.institution(i) is not None for i in institutions
        )

    await eventually(known, timeout, "grants to keep intake's Khenifra organisations")


async def programme_ids(client: httpx.AsyncClient) -> dict[str, str]:
    listed = await client.get("/programmes")
    assert listed.status_code == 200, listed.text
    return {p["code"]: p["programme_id"] for p in listed.json()["items"]}


async def open_budget(
    admin: httpx.AsyncClient, programme_id: str, cycle: str, province: str, amount: str
) -> str:
    opened = await admin.post(
        f"/programmes/{programme_id}/cycles", json={"cycle": cycle, "reason": "budget"}
    )
    assert opened.status_code in (201, 409), opened.text
    envelope = await admin.post(
        "/envelopes",
        json={"programme_id": programme_id, "cycle_id": cycle, "province_code": province,
              "reason": "budget"},
    )  # fmt: skip
    assert envelope.status_code == 201, envelope.text
    envelope_id: str = envelope.json()["envelope_id"]
    credited = await admin.post(
        f"/envelopes/{envelope_id}/allocations", json={"amount": amount, "reason": "board"}
    )
    assert credited.status_code == 200, credited.text
    return envelope_id


def evacuated_households(platform: Platform, count: int) -> None:
    """Proposals as grants makes them from intake's households (the g-intake slice)."""
    store: GrantsEventStore = platform.grants.http.state.grants
    programme = platform.grants.http.state.programmes.programme(FLOODS)
    for _ in range(count):
        facts = HouseholdFacts(uuid4(), LARACHE, FLOODS_2026_02, evacuated=True, damage="none")
        assessment = assess_household(programme.terms, facts, claimed=True)
        store.save(
            propose(programme, Cycle.disaster(FLOODS_2026_02), assessment, EMERGENCY_AID,
                    actor="grants")
        )  # fmt: skip
