"""The demo's Khenifra 2021 grants through the real flow: the associations and institutions are
registered in intake (with the rest of the province's network of social-care institutions),
grants keeps what intake published of them, an admin opens the 2021 cycles and envelopes, a
caseworker files the three applications (3,000,000.00 + 160,000.00 + 1,468,411.00 MAD) and two
approvers approve and authorise them."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import httpx

from services.grants.application.ports import OrganisationFacts
from services.grants.domain.reference_programmes import (
    DISABILITY_ASSOCIATIONS,
    SOCIAL_CARE_INSTITUTIONS,
)
from taawun.demo_users import DemoUsers, client, created


@dataclass(frozen=True)
class Grant:
    programme: str
    association: str  # the key in ASSOCIATIONS
    institution: str | None  # the key in INSTITUTIONS
    amount: str


# fmt: off
ASSOCIATIONS = {
    "care": ("Association Al Wifaq pour l'enfance", "KHN-2009-0031", ["child_in_difficulty"]),
    "proximity": ("Association Nour de Khénifra", "KHN-2012-0208", ["woman_in_difficulty"]),
    "disability": ("Association Al Amal pour les handicapés", "KHN-2015-0117", ["disability"]),
}
INSTITUTIONS = {
    "dar_al_atfal": ("Dar Al Atfal Khénifra", "social_care_institution", "care", 60),
    "proximity_centre": ("Centre social de proximité Khénifra", "proximity_social_centre",
                         "proximity", 40),
}
GRANTS = [
    Grant(SOCIAL_CARE_INSTITUTIONS, "care", "dar_al_atfal", "3000000.00"),
    Grant(SOCIAL_CARE_INSTITUTIONS, "proximity", "proximity_centre", "160000.00"),
    Grant(DISABILITY_ASSOCIATIONS, "disability", None, "1468411.00"),
]
BUDGETS = {SOCIAL_CARE_INSTITUTIONS: "3160000.00", DISABILITY_ASSOCIATIONS: "1468411.00"}
# fmt: on

# The province's network of social-care institutions (../shared/domain.md, "Khenifra, 2021"):
# 34 licensed, Dar Al Atfal among them, and 5 in licensing.
LICENSED, IN_LICENSING = 34, 5
SOCIAL_CARE = "social_care_institution"


def network() -> list[dict[str, Any]]:
    """The rest of the network, beside the institutions of INSTITUTIONS."""
    named = sum(1 for _, type_, _, _ in INSTITUTIONS.values() if type_ == SOCIAL_CARE)
    statuses = ["licensed"] * (LICENSED - named) + ["licensing_in_progress"] * IN_LICENSING
    return [
        {
            "name_lat": f"Établissement de protection sociale n° {n} de Khénifra",
            "type": SOCIAL_CARE,
            "province_code": "KHN",
            "commune_code": f"KHN-{n % 16 + 1:03d}",
            "capacity": 30 + 5 * (n % 7),
            "licensing_status": status,
        }
        for n, status in enumerate(statuses, start=2)
    ]


async def register_organisations(intake: httpx.AsyncClient) -> dict[str, UUID]:
    ids: dict[str, UUID] = {}
    for key, (name, number, fields) in ASSOCIATIONS.items():
        body: dict[str, Any] = {"name": name, "registration_number": number,
                                "province_code": "KHN", "fields_of_work": fields}  # fmt: skip
        ids[key] = UUID((await created(intake, "/associations", body))["association_id"])
    for key, (name, type_, manager, capacity) in INSTITUTIONS.items():
        body = {"name_lat": name, "type": type_, "province_code": "KHN",
                "commune_code": "KHN-001", "capacity": capacity, "licensing_status": "licensed",
                "managing_association_id": str(ids[manager])}  # fmt: skip
        ids[key] = UUID((await created(intake, "/institutions", body))["institution_id"])
    await asyncio.gather(*(created(intake, "/institutions", body) for body in network()))
    return ids


async def grants_knows(facts: OrganisationFacts, ids: dict[str, UUID], timeout: float) -> None:
    """Until grants has kept, from intake's events, every organisation registered."""
    for _ in range(int(timeout / 0.05)):
        known: list[object] = [facts.association(ids[k]) for k in ASSOCIATIONS]
        known += [facts.institution(ids[k]) for k in INSTITUTIONS]
        if all(f is not None for f in known):
            return
        await asyncio.sleep(0.05)
    raise TimeoutError("grants did not hear of the Khenifra organisations in time")


async def open_budget(
    admin: httpx.AsyncClient, programme_id: str, cycle: str, province: str
) -> str:
    opened = await admin.post(
        f"/programmes/{programme_id}/cycles", json={"cycle": cycle, "reason": "loi de finances"}
    )
    if opened.status_code != 409:  # already open: another list of the same cycle
        opened.raise_for_status()
    body = {"programme_id": programme_id, "cycle_id": cycle, "province_code": province,
            "reason": "loi de finances"}  # fmt: skip
    return str((await created(admin, "/envelopes", body))["envelope_id"])


async def allocate(admin: httpx.AsyncClient, envelope_id: str, amount: str) -> None:
    body = {"amount": amount, "reason": "décision du conseil"}
    (await admin.post(f"/envelopes/{envelope_id}/allocations", json=body)).raise_for_status()


async def programme_ids(grants: httpx.AsyncClient) -> dict[str, str]:
    listed = await grants.get("/programmes")
    listed.raise_for_status()
    return {p["code"]: p["programme_id"] for p in listed.json()["items"]}


async def seed_khenifra(
    urls: dict[str, str], users: DemoUsers, facts: OrganisationFacts
) -> list[str]:
    """The three grants' decision ids, approved (and authorised where needed)."""
    async with client(urls["intake"], users.caseworker) as intake:
        ids = await register_organisations(intake)
    await grants_knows(facts, ids, timeout=30)
    base = urls["grants"]
    async with (
        client(base, users.admin) as admin,
        client(base, users.caseworker) as caseworker,
        client(base, users.approver) as approver,
        client(base, users.authoriser) as authoriser,
    ):
        programmes = await programme_ids(admin)
        for code, amount in BUDGETS.items():
            envelope = await open_budget(admin, programmes[code], "2021", "KHN")
            await allocate(admin, envelope, amount)
        decisions = []
        for grant in GRANTS:
            institution = None if grant.institution is None else str(ids[grant.institution])
            body = {"programme": grant.programme, "fiscal_year": 2021,
                    "association_id": str(ids[grant.association]), "institution_id": institution,
                    "requested_amount": grant.amount,
                    "purpose": "frais de fonctionnement 2021"}  # fmt: skip
            filed = await created(caseworker, "/applications", body)
            decisions.append(filed["decision"])
        for decision in decisions:
            path = f"/decisions/{decision['decision_id']}"
            body = {"reason": "dossier complet"}
            (await approver.post(f"{path}/approve", json=body)).raise_for_status()
            if decision["needs_second_approval"]:
                body = {"reason": "autorisé par le délégué"}
                (await authoriser.post(f"{path}/authorise", json=body)).raise_for_status()
    return [str(d["decision_id"]) for d in decisions]
