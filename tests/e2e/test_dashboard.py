"""The reporting dashboard in a real headless browser (Debian's chromium, driven by Playwright):
reporting runs behind a real uvicorn server on a loopback port, on SQLite, fed integration
events on two dates through its own consumer (the in-memory transport). The page loads in
French and in Arabic (right to left), a province filter changes the figures, the as-of picker
shows the earlier state, a CSV downloads with a BOM and the table's figures, API errors are
shown. Screenshots go to tests/e2e/artifacts/ (gitignored)."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from playwright.async_api import Browser, Page, async_playwright

from services.reporting.bootstrap import build_reporting
from shared.auth import Role
from shared.config import Settings
from shared.messaging.memory import InMemoryBus, InMemoryTransport
from tests.e2e.dashboard_page import figures, instant, settled, table, total
from tests.e2e.dashboard_seed import (
    BENEFICIARIES,
    BUDGETS,
    DECISIONS,
    DISBURSED,
    EARLIER,
    RELIEF,
    seed_events,
)
from tests.e2e.test_api_fuzz import serving
from tests.platform import ISSUER, eventually, token

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
BOM = b"\xef\xbb\xbf"

pytestmark = [
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian's chromium is not installed at /usr/bin/chromium (scripts/setup.sh "
        "installs it; Playwright's own browser download is not used)",
    ),
    pytest.mark.asyncio(loop_scope="module"),
]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def dashboard(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    """Reporting's HTTP app on a free port, the seed events applied; its /dashboard URL."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("reporting"), database_url=None)
    runtime = build_reporting(settings, InMemoryTransport(InMemoryBus(partitions=3)), ISSUER)
    await runtime.start()
    try:
        async with serving(runtime) as url:
            await runtime.transport.publish(seed_events())
            await eventually(lambda: _seeded(url), what="reporting to apply the seed events")
            yield f"{url}/dashboard"
    finally:
        await runtime.stop()


async def _seeded(url: str) -> bool:
    """Every report shows every seed event (they come on six topics, in no order between)."""
    headers = {"Authorization": f"Bearer {token(Role.AUDITOR)}"}
    async with httpx.AsyncClient(base_url=url, headers=headers) as client:

        async def rows(report: str) -> list[dict[str, Any]]:
            found: list[dict[str, Any]] = (await client.get(f"/reports/{report}")).json()["rows"]
            return found

        return (
            total(await rows("beneficiaries"), "beneficiaries") == BENEFICIARIES["all"]
            and len(await rows("recent-decisions")) == DECISIONS["all"]
            and figures("budgets", await rows("budgets")) == BUDGETS["now"]
            and figures("disbursements", await rows("disbursements")) == DISBURSED["now"]
            and figures("relief", await rows("relief")) == RELIEF["now"]
        )


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield launched
        await launched.close()


@pytest_asyncio.fixture(loop_scope="module")
async def page(browser: Browser) -> AsyncIterator[Page]:
    """A new tab with nothing stored (French, signed out); any script error fails the test."""
    context = await browser.new_context(
        accept_downloads=True, viewport={"width": 1400, "height": 1800}, timezone_id="UTC"
    )
    tab = await context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    yield tab
    await context.close()
    assert errors == []


async def signed_in(page: Page, url: str, bearer: str | None = None) -> int:
    await page.goto(f"{url}#token={bearer or token(Role.AUDITOR, subject='auditor-1')}")
    return await settled(page)


async def test_the_page_loads_in_french_and_in_arabic(dashboard: str, page: Page) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    generation = await signed_in(page, dashboard)

    assert await page.get_attribute("html", "lang") == "fr"
    assert await page.get_attribute("html", "dir") == "ltr"
    assert "tableau de bord" in await page.inner_text("h1")
    assert "token" not in page.url  # the link's token leaves the address bar once read
    assert await page.inner_text("#who") == "auditor-1 (auditor)"
    assert await page.is_hidden("#error")
    assert await page.is_hidden("#chart-missing")  # Chart.js came from node_modules
    assert await page.evaluate("typeof window.Chart") == "function"
    assert total(await table(page, "beneficiaries"), "beneficiaries") == BENEFICIARIES["all"]
    for report, expected in (("budgets", BUDGETS), ("disbursements", DISBURSED),
                             ("relief", RELIEF)):  # fmt: skip
        assert figures(report, await table(page, report)) == expected["now"]
    # The charts are drawn from the same rows: the budgets' bars, the disbursements' line.
    bars = await page.evaluate("Chart.getChart('chart-budgets').data.datasets[0].data")
    assert sorted(bars) == sorted(float(v[0]) for v in BUDGETS["now"].values())
    assert await page.evaluate("Chart.getChart('chart-disbursements').config.type") == "line"
    french = await page.inner_text("#table-recent-decisions tbody")
    assert "1 468 411,00" in french.replace("\u202f", " ") or "1.468.411,00" in french
    await page.screenshot(path=str(ARTIFACTS / "dashboard-fr.png"), full_page=True)

    await page.click("#lang-toggle")
    await settled(page, generation)

    assert await page.get_attribute("html", "lang") == "ar"
    assert await page.get_attribute("html", "dir") == "rtl"
    assert "لوحة" in await page.inner_text("h1")
    assert "الإقليم" in await page.inner_text("#table-beneficiaries thead")
    assert "الإعاقة" in await page.inner_text("#table-beneficiaries tbody")  # disability
    assert total(await table(page, "beneficiaries"), "beneficiaries") == BENEFICIARIES["all"]
    await page.screenshot(path=str(ARTIFACTS / "dashboard-ar.png"), full_page=True)


async def test_a_province_filter_changes_the_figures(dashboard: str, page: Page) -> None:
    generation = await signed_in(page, dashboard)
    options = await page.eval_on_selector_all(
        "#filter-province option", "os => os.map(o => o.value)"
    )
    assert options == ["", "KEN", "KHN", "LAR"]  # filled from the data

    await page.select_option("#filter-province", "KHN")
    await settled(page, generation)

    beneficiaries = await table(page, "beneficiaries")
    assert total(beneficiaries, "beneficiaries") == BENEFICIARIES["KHN"]
    assert {r["province_code"] for r in beneficiaries} == {"KHN"}
    assert {r["province_code"] for r in await table(page, "recent-decisions")} == {"KHN"}
    khenifra = {k: v for k, v in BUDGETS["now"].items() if k[1] == "KHN"}
    assert figures("budgets", await table(page, "budgets")) == khenifra
    paid_in_khenifra = {k: v for k, v in DISBURSED["now"].items() if k[2] == "KHN"}
    assert figures("disbursements", await table(page, "disbursements")) == paid_in_khenifra
    assert await table(page, "relief") == []  # the floods were in Larache


async def test_the_as_of_picker_shows_an_earlier_state(dashboard: str, page: Page) -> None:
    generation = await signed_in(page, dashboard)
    assert await page.inner_text("#as-of-shown") == "Chiffres à ce jour"

    await page.fill("#filter-as-of", EARLIER)
    generation = await settled(page, generation)

    assert "31 mars 2021" in await page.inner_text("#as-of-shown")
    beneficiaries = await table(page, "beneficiaries")
    assert total(beneficiaries, "beneficiaries") == BENEFICIARIES[f"all@{EARLIER}"]
    assert len(await table(page, "recent-decisions")) == DECISIONS[f"all@{EARLIER}"]
    for report, expected in (("budgets", BUDGETS), ("disbursements", DISBURSED),
                             ("relief", RELIEF)):  # fmt: skip
        assert figures(report, await table(page, report)) == expected[EARLIER]

    await page.select_option("#filter-province", "KHN")  # filters and as of, together
    generation = await settled(page, generation)
    beneficiaries = await table(page, "beneficiaries")
    assert total(beneficiaries, "beneficiaries") == BENEFICIARIES[f"KHN@{EARLIER}"]

    await page.click("#clear-filters")
    await settled(page, generation)
    assert total(await table(page, "beneficiaries"), "beneficiaries") == BENEFICIARIES["all"]


def _plain(row: dict[str, str]) -> list[tuple[str, str]]:
    return sorted((k, str(instant(v))) for k, v in row.items())


@pytest.mark.parametrize(
    "report", ["budgets", "beneficiaries", "disbursements", "relief", "recent-decisions"]
)
async def test_a_csv_download_holds_the_table_figures(
    dashboard: str, page: Page, report: str
) -> None:
    generation = await signed_in(page, dashboard)
    await page.fill("#filter-as-of", EARLIER)
    await settled(page, generation)
    shown = await table(page, report)

    async with page.expect_download() as downloading:
        await page.click(f"#csv-{report}")
    download = await downloading.value
    path = await download.path()
    content = Path(path).read_bytes()

    assert download.suggested_filename == f"{report}-{EARLIER}.csv"
    assert content.startswith(BOM)
    rows = list(csv.DictReader(io.StringIO(content[len(BOM) :].decode("utf-8"))))
    assert len(rows) > 0
    # Row for row (in any order: two decisions that moved at the same second may swap).
    assert sorted(_plain(r) for r in rows) == sorted(_plain(r) for r in shown)


async def test_api_errors_are_shown_and_another_token_signs_in(dashboard: str, page: Page) -> None:
    await signed_in(page, dashboard, bearer="not-a-token")

    assert await page.get_attribute("body", "data-state") == "error"
    assert await page.is_visible("#error")
    assert await page.get_attribute("#error p", "data-status") == "401"
    assert "Jeton absent, invalide ou expiré" in await page.inner_text("#error")
    assert await page.is_visible("#sign-in-form")  # another token, please
    assert await page.is_hidden("#reports")

    generation = int(await page.get_attribute("body", "data-generation") or 0)
    await page.fill("#token", token(Role.CASEWORKER, provinces=("LAR",)))
    await page.click("#sign-in")
    await settled(page, generation)

    assert await page.is_hidden("#sign-in-form") and await page.is_hidden("#error")
    beneficiaries = await table(page, "beneficiaries")
    assert {r["province_code"] for r in beneficiaries} == {"LAR"}  # a caseworker's own only
