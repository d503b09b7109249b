"""Helpers for grants' decision flow over HTTP: the Khenifra 2021 organisations as grants
knows them, programmes' cycles and envelopes opened by an admin."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID, uuid4

import httpx

from services.grants.domain.eligibility import AssociationFacts, InstitutionFacts
from services.grants.persistence.organisation_facts import InMemoryOrganisationFacts
from tests.platform import Platform


@dataclass(frozen=True)
class Khenifra:
    care_association: UUID
    care_institution: UUID
    proximity_association: UUID
    proximity_centre: UUID
    disability_association: UUID


def khenifra_organisations(platform: Platform) -> Khenifra:
    facts: InMemoryOrganisationFacts = platform.grants.http.state.organisation_facts
    care, proximity, disability = uuid4(), uuid4(), uuid4()
    institution, centre = uuid4(), uuid4()
    facts.know_association(AssociationFacts(care, "KHN", frozenset({"child_in_difficulty"})))
    facts.know_association(AssociationFacts(proximity, "KHN", frozenset({"woman_in_difficulty"})))
    facts.know_association(AssociationFacts(disability, "KHN", frozenset({"disability"})))
    facts.know_institution(InstitutionFacts(institution, "KHN", "licensed", care))
    facts.know_institution(InstitutionFacts(centre, "KHN", "licensed", proximity))
    return Khenifra(care, institution, proximity, centre, disability)


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
