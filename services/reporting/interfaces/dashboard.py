"""The reporting dashboard: one HTML page and its scripts, served by reporting itself so that it
works offline. The page reads the same `/reports/...` API the auditors use, with the user's own
token; this router serves files only and knows nothing of the reports.

Chart.js comes locked from the npm registry (package.json, package-lock.json at the repo root;
`scripts/setup.sh` runs `npm ci`), and is served from `node_modules`, never copied into the tree.
"""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, JSONResponse, Response

PAGE_DIR = Path(__file__).parent / "dashboard"
# The repo's own node_modules when running from a checkout (editable install, tests, the demo).
REPO_NODE_MODULES = Path(__file__).resolve().parents[3] / "node_modules"
CHART_JS = Path("chart.js") / "dist" / "chart.umd.min.js"

_MEDIA_TYPES = {".js": "text/javascript", ".css": "text/css"}
# Only the page's own files, by a plain name: no path, so nothing else on disk is reachable.
_STATIC_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*\.(?:js|css)")
# The token lives in the page (sessionStorage): only the page's own scripts may run, and they
# talk to this origin only. Chart.js sizes its canvas through inline styles.
_PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self' data: blob:; "
        "style-src 'self' 'unsafe-inline'; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-cache",
}


def dashboard_router(node_modules: Path | None = None) -> APIRouter:
    """`GET /dashboard` (the page), `GET /dashboard/static/{name}` (its scripts and styles) and
    `GET /dashboard/static/vendor/chart.umd.min.js` (Chart.js from `node_modules`)."""
    chart_js = (node_modules or REPO_NODE_MODULES) / CHART_JS
    router = APIRouter(prefix="/dashboard", include_in_schema=False)

    @router.get("")
    async def page() -> Response:
        return FileResponse(
            PAGE_DIR / "index.html", media_type="text/html; charset=utf-8", headers=_PAGE_HEADERS
        )

    @router.get("/static/vendor/chart.umd.min.js")
    async def chart_library() -> Response:
        if not chart_js.is_file():
            return JSONResponse(
                {
                    "error": "dashboard_asset_missing",
                    "detail": f"Chart.js is not installed ({chart_js} is missing): run "
                    "scripts/setup.sh (npm ci) or set TAAWUN_NODE_MODULES",
                },
                status_code=503,
            )
        return FileResponse(chart_js, media_type=_MEDIA_TYPES[".js"], headers=_PAGE_HEADERS)

    @router.get("/static/{name}")
    async def static_file(name: str) -> Response:
        path = PAGE_DIR / name
        if not _STATIC_NAME.fullmatch(name) or not path.is_file():
            return JSONResponse(
                {"error": "not_found", "detail": f"no dashboard file {name!r}"}, status_code=404
            )
        return FileResponse(path, media_type=_MEDIA_TYPES[path.suffix], headers=_PAGE_HEADERS)

    return router
