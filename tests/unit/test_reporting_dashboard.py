"""The dashboard's files as reporting serves them: the page, its own scripts, Chart.js from
node_modules (or a clear JSON error when npm ci has not run), and nothing else on disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from services.reporting.interfaces.dashboard import CHART_JS, dashboard_router


def client(node_modules: Path) -> TestClient:
    app = FastAPI()
    app.include_router(dashboard_router(node_modules))
    return TestClient(app)


@pytest.fixture
def node_modules(tmp_path: Path) -> Path:
    chart = tmp_path / CHART_JS
    chart.parent.mkdir(parents=True)
    chart.write_text("/* Chart.js */")
    return tmp_path


def test_the_page_loads_only_its_own_scripts(node_modules: Path) -> None:
    answer = client(node_modules).get("/dashboard")

    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in answer.headers["content-security-policy"]
    assert 'src="/dashboard/static/vendor/chart.umd.min.js"' in answer.text
    assert "http://" not in answer.text and "https://" not in answer.text  # no CDN


@pytest.mark.parametrize(
    ("name", "media_type"),
    [("main.js", "text/javascript"), ("i18n.js", "text/javascript"), ("dashboard.css", "text/css")],
)
def test_the_page_files_are_served(node_modules: Path, name: str, media_type: str) -> None:
    answer = client(node_modules).get(f"/dashboard/static/{name}")

    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith(media_type)


def test_chart_js_comes_from_node_modules(node_modules: Path) -> None:
    answer = client(node_modules).get("/dashboard/static/vendor/chart.umd.min.js")

    assert (answer.status_code, answer.text) == (200, "/* Chart.js */")


def test_a_missing_chart_js_says_how_to_install_it(tmp_path: Path) -> None:
    answer = client(tmp_path).get("/dashboard/static/vendor/chart.umd.min.js")

    assert answer.status_code == 503
    assert answer.json()["error"] == "dashboard_asset_missing"
    assert "npm ci" in answer.json()["detail"]


@pytest.mark.parametrize("name", ["index.html", "nope.js", ".hidden.js", "..%2Fdashboard.py"])
def test_nothing_else_is_served(node_modules: Path, name: str) -> None:
    answer = client(node_modules).get(f"/dashboard/static/{name}")

    assert answer.status_code == 404
