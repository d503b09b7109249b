"""Reading the dashboard in the browser test: waiting for its renders, its tables as the API's
values, and each report's figures in the form tests/e2e/dashboard_seed.py writes them down."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from playwright.async_api import Page


async def settled(page: Page, after: int = 0) -> int:
    """Until the page rendered again after render number `after`; the new number."""
    await page.wait_for_function(
        "n => Number(document.body.dataset.generation) > n"
        " && ['ready', 'error'].includes(document.body.dataset.state)",
        arg=after,
    )
    return int(await page.get_attribute("body", "data-generation") or 0)


async def table(page: Page, report: str) -> list[dict[str, str]]:
    """The table's rows as the API's values (each cell's data-value), by column."""
    rows: list[dict[str, str]] = await page.eval_on_selector_all(
        f"#table-{report} tbody tr:has(td[data-column])",
        "rows => rows.map(r => Object.fromEntries("
        "[...r.cells].map(c => [c.dataset.column, c.dataset.value])))",
    )
    return rows


def total(rows: list[dict[str, Any]], column: str) -> int:
    return sum(int(r[column]) for r in rows)


# Each report's figures by what identifies a row, as the seed module writes them down.
KEYS = {
    "budgets": (
        ("programme_code", "province_code"),
        ("allocated", "held", "disbursed", "available"),
    ),
    "disbursements": (("month", "programme_code", "province_code"), ("amount",)),
    "relief": (("province_code", "component"), ("decisions", "decided", "paid")),
}


def figures(report: str, rows: list[dict[str, Any]]) -> dict[tuple[str, ...], Any]:
    keys, values = KEYS[report]
    found = {tuple(r[k] for k in keys): tuple(str(r[v]) for v in values) for r in rows}
    return {k: v[0] if len(v) == 1 else v for k, v in found.items()}


def instant(value: str) -> datetime | str:
    """A timestamp as the moment it names: the API writes them with a "T" in JSON and a space
    in CSV. Anything else stays as it is, so figures must be equal to the character."""
    try:
        return datetime.fromisoformat(value) if len(value) >= 19 else value
    except ValueError:
        return value
