"""What grants holds after the demo's seeding, read over its HTTP API as an auditor: the demo's
envelopes (allocated, held, disbursed), decisions by status, payment lists, orders by status."""

from __future__ import annotations

from typing import Any

import httpx

from services.grants.domain.decision_rules import DecisionStatus
from services.grants.domain.envelope import Envelope
from services.grants.domain.programme import Programme
from services.grants.domain.reference_programmes import (
    DISABILITY_ASSOCIATIONS,
    FLOOD_RELIEF_2026_02,
    FLOODS_2026_02,
    KENITRA,
    LARACHE,
    SOCIAL_CARE_INSTITUTIONS,
)
from taawun.demo_users import client

ENVELOPES = [
    (SOCIAL_CARE_INSTITUTIONS, "2021", "KHN"),
    (DISABILITY_ASSOCIATIONS, "2021", "KHN"),
    (FLOOD_RELIEF_2026_02, FLOODS_2026_02, LARACHE),
    (FLOOD_RELIEF_2026_02, FLOODS_2026_02, KENITRA),
]
ORDER_STATUSES = ("issued", "in_progress", "paid", "failed", "reversed")


async def _total(grants: httpx.AsyncClient, path: str, **params: str) -> int:
    response = await grants.get(path, params={**params, "limit": 1})
    response.raise_for_status()
    return int(response.json()["total"])


async def grants_summary(base: str, auditor: str) -> dict[str, Any]:
    async with client(base, auditor) as grants:
        envelopes = []
        for code, cycle, province in ENVELOPES:
            envelope_id = Envelope.create_id(Programme.create_id(code), cycle, province)
            shown = await grants.get(f"/envelopes/{envelope_id}")
            if shown.status_code != 200:
                continue
            e = shown.json()["envelope"]
            envelopes.append({"programme": code, "cycle": cycle, "province": province,
                              "allocated": e["allocated"], "held": e["held"],
                              "disbursed": e["disbursed"]})  # fmt: skip
        decisions = {s.value: await _total(grants, "/decisions", status=s.value)
                     for s in DecisionStatus}  # fmt: skip
        orders = {s: await _total(grants, "/orders", status=s) for s in ORDER_STATUSES}
        return {
            "envelopes": envelopes,
            "decisions": {s: n for s, n in decisions.items() if n},
            "payment_lists": await _total(grants, "/payment-lists"),
            "orders": {s: n for s, n in orders.items() if n},
        }
