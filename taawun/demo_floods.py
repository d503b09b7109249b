"""The demo's February 2026 floods through the real flow: a census of flood-hit households in
Larache and Kénitra is imported into intake (heads enrolled first), each family claims relief
by SMS through intake's gateway webhook (some twice, some in Arabic-Indic digits, a few
strangers too), grants proposes their relief from the claims and intake's records, a
caseworker draws up a payment list per province and component, two approvers approve it, an
approver issues its orders and sends them to the simulated provider, and an admin receives
the provider's statements: every step through grants' HTTP API."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import httpx

from services.grants.domain.programme import Programme
from services.grants.domain.reference_programmes import (
    EMERGENCY_AID,
    FLOOD_RELIEF_2026_02,
    FLOODS_2026_02,
    HOUSING_AID,
    KENITRA,
    LARACHE,
)
from services.intake.application.imports.beneficiary_rows import HEADER
from services.intake.application.imports.household_rows import HOUSEHOLD_HEADER
from taawun.demo_khenifra import allocate, open_budget
from taawun.demo_users import DemoUsers, client, created

HOUSEHOLDS = 240
COMMUNES = {LARACHE: "LAR-002", KENITRA: "KEN-001"}
DAMAGE = ("destroyed", "repairable", "none", "repairable", "none")
STATEMENT_CYCLES = 6  # the simulated provider answers at most a few statements late


@dataclass(frozen=True)
class FloodHit:
    cin: str
    province: str
    evacuated: bool
    damage: str

    @property
    def components(self) -> int:
        return int(self.evacuated) + int(self.damage != "none")


def census(count: int = HOUSEHOLDS) -> list[FloodHit]:
    """Three in five in Larache; two in three evacuated; a mix of damage."""
    return [
        FloodHit(f"FL{n:05d}", LARACHE if n % 5 < 3 else KENITRA, n % 3 != 2, DAMAGE[n // 5 % 5])
        for n in range(count)
    ]


def _csv(header: tuple[str, ...], rows: list[dict[str, str]]) -> bytes:
    lines = [",".join(header), *(",".join(row.get(c, "") for c in header) for row in rows)]
    return ("\n".join(lines) + "\n").encode()


def heads_csv(hits: list[FloodHit]) -> bytes:
    return _csv(HEADER, [
        {"name_lat": f"Sinistre {h.cin}", "cin": h.cin, "birth_date": "1975-04-12", "sex": "F",
         "province_code": h.province, "commune_code": COMMUNES[h.province],
         "category": "disaster_affected", "evidence": "recensement des inondations",
         "since": "2026-02-10"}
        for h in hits
    ])  # fmt: skip


def households_csv(hits: list[FloodHit]) -> bytes:
    return _csv(HOUSEHOLD_HEADER, [
        {"household_ref": f"H-{h.cin}", "head_cin": h.cin, "relation": "head",
         "province_code": h.province, "commune_code": COMMUNES[h.province],
         "douar": "Douar Oulad Ogbane", "address": f"Maison {h.cin[2:]}",
         "disaster": FLOODS_2026_02, "evacuated": "yes" if h.evacuated else "no",
         "damage": h.damage}
        for h in hits
    ])  # fmt: skip


async def imported(intake: httpx.AsyncClient, kind: str, data: bytes) -> dict[str, Any]:
    headers = {"Content-Type": "text/csv"}
    submitted = await intake.post(f"/imports/{kind}", content=data, headers=headers)
    submitted.raise_for_status()
    job_id = submitted.json()["job_id"]
    for _ in range(1200):
        job: dict[str, Any] = (await intake.get(f"/imports/{job_id}")).json()
        if job["status"] in ("done", "failed"):
            if job["status"] == "failed" or job["counts"]["rejected"]:
                raise RuntimeError(f"the {kind} import was refused: {job}")
            return job
        await asyncio.sleep(0.05)
    raise TimeoutError(f"the {kind} import did not finish")


async def proposed(grants: httpx.AsyncClient, expected: int, timeout: float = 60) -> None:
    asked: dict[str, str | int] = {"programme": FLOOD_RELIEF_2026_02, "limit": 1}
    for _ in range(int(timeout / 0.1)):
        page = (await grants.get("/proposals", params=asked)).json()
        if page["total"] >= expected:
            return
        await asyncio.sleep(0.1)
    raise TimeoutError(f"grants did not propose the {expected} flood relief components")


async def posted(c: httpx.AsyncClient, path: str) -> dict[str, Any]:
    response = await c.post(path)
    if response.status_code not in (200, 201):
        raise RuntimeError(f"POST {path}: {response.status_code} {response.text}")
    found: dict[str, Any] = response.json()
    return found


async def pay(
    approver: httpx.AsyncClient, admin: httpx.AsyncClient, payment_list_ids: list[str]
) -> int:
    """Issue the lists' orders, send them, receive the provider's statements; how many applied."""
    for payment_list_id in payment_list_ids:
        await posted(approver, f"/payment-lists/{payment_list_id}/orders")
        await posted(approver, f"/payment-lists/{payment_list_id}/sending")
    applied = 0
    for _ in range(STATEMENT_CYCLES):
        applied += int((await posted(admin, "/statements/receipt"))["applied"])
    return applied


ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
STRANGERS = 5


def claim_texts(hits: list[FloodHit]) -> list[tuple[str, str]]:
    """(message id, text) as the gateway would hand them over: a gateway retry repeats a
    message id; a family that sends again makes a new one."""
    texts: list[tuple[str, str]] = []
    for n, hit in enumerate(hits):
        text = f"{hit.cin} 12/04/1975"
        if n % 10 == 0:
            text = f"ب.ت.و {hit.cin[:2]}{hit.cin[2:].translate(ARABIC_INDIC)} ١٢/٠٤/١٩٧٥"
        texts.append((f"demo-sms-{n}", text))
        if n % 4 == 0:
            texts.append((f"demo-sms-{n}", text))
        if n % 5 == 0:
            texts.append((f"demo-sms-{n}-again", f"CIN {hit.cin} né le 12-4-1975"))
    texts += [(f"demo-sms-stranger-{n}", f"ZX{n:06d} 01/01/1980") for n in range(STRANGERS)]
    return texts


async def claim_by_sms(base: str, gateway_secret: str, hits: list[FloodHit]) -> None:
    headers = {"X-Gateway-Secret": gateway_secret}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as gateway:
        for message_id, text in claim_texts(hits):
            body = {"message_id": message_id, "sender": "0661000000", "text": text,
                    "received_at": "2026-02-14T09:00:00+01:00"}  # fmt: skip
            (await gateway.post("/claims/sms", json=body)).raise_for_status()


async def seed_floods(
    urls: dict[str, str], users: DemoUsers, gateway_secret: str
) -> dict[str, int]:
    hits = census()
    async with client(urls["intake"], users.caseworker, timeout=120) as intake:
        await imported(intake, "beneficiaries", heads_csv(hits))
        await imported(intake, "households", households_csv(hits))
    await claim_by_sms(urls["intake"], gateway_secret, hits)
    programme_id = str(Programme.create_id(FLOOD_RELIEF_2026_02))
    base = urls["grants"]
    async with (
        client(base, users.admin) as admin,
        client(base, users.caseworker) as caseworker,
        client(base, users.approver) as approver,
        client(base, users.authoriser) as authoriser,
    ):
        await proposed(caseworker, sum(h.components for h in hits))
        lists: list[dict[str, Any]] = []
        for province in COMMUNES:
            envelope = await open_budget(admin, programme_id, FLOODS_2026_02, province)
            drawn = [
                await created(caseworker, "/payment-lists",
                              {"programme_id": programme_id, "cycle": FLOODS_2026_02,
                               "province_code": province, "component": component})
                for component in (EMERGENCY_AID, HOUSING_AID)
            ]  # fmt: skip
            # The board allocates what the lists need.
            await allocate(admin, envelope, str(sum(Decimal(d["total"]) for d in drawn)))
            lists += drawn
        for shown in lists:
            path = f"/payment-lists/{shown['payment_list_id']}/approvals"
            for user in (approver, authoriser):
                body = {"digest": shown["digest"], "reason": "liste vérifiée"}
                (await user.post(path, json=body)).raise_for_status()
        applied = await pay(approver, admin, [str(d["payment_list_id"]) for d in lists])
    return {"households": len(hits), "payment_lists": len(lists), "statements": applied}
