"""What reporting shows after the demo's seeding, read over its report API as an auditor, for
`taawun demo --check`: once its budgets and orders agree with what grants holds (reporting
follows grants' topics, so it may lag a little), the Khenifra 2021 budgets and decisions and
the flood relief beside them."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from taawun.demo_summary import ORDER_STATUSES
from taawun.demo_users import client

BALANCES = ("allocated", "held", "disbursed")


async def report(reporting: httpx.AsyncClient, name: str, **params: str) -> list[dict[str, Any]]:
    response = await reporting.get(f"/reports/{name}", params=params)
    response.raise_for_status()
    rows: list[dict[str, Any]] = response.json()["rows"]
    return rows


def _envelopes_as_grants_shows(summary: dict[str, Any]) -> dict[tuple[str, ...], tuple[str, ...]]:
    return {
        (e["programme"], e["cycle"], e["province"]): tuple(e[b] for b in BALANCES)
        for e in summary["envelopes"]
    }


async def _agrees(reporting: httpx.AsyncClient, summary: dict[str, Any]) -> bool:
    budgets = {
        (r["programme_code"], r["cycle"], r["province_code"]): tuple(r[b] for b in BALANCES)
        for r in await report(reporting, "budgets")
    }
    orders: dict[str, int] = {}
    for r in await report(reporting, "orders"):
        if r["status"] in ORDER_STATUSES:  # the ones the summary counts
            orders[r["status"]] = orders.get(r["status"], 0) + r["orders"]
    return budgets == _envelopes_as_grants_shows(summary) and orders == summary["orders"]


async def reported(base: str, auditor: str, summary: dict[str, Any]) -> dict[str, Any] | None:
    """The reports the check prints, once reporting agrees with grants' `summary`
    (taawun/demo_summary.py); None if it does not in time."""
    async with client(base, auditor) as reporting:
        for _ in range(200):
            if await _agrees(reporting, summary):
                break
            await asyncio.sleep(0.1)
        else:
            return None
        khenifra = {"province": "KHN", "year": "2021"}
        return {
            "budgets": await report(reporting, "budgets", **khenifra),
            "decisions": await report(reporting, "decisions", **khenifra),
            "recent_decisions": await report(reporting, "recent-decisions", **khenifra),
            "budgets_all": await report(reporting, "budgets"),
            "disbursements": await report(reporting, "disbursements"),
            "relief": await report(reporting, "relief"),
            "exceptions": await report(reporting, "exceptions"),
        }
