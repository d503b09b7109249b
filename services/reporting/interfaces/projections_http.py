"""`GET /reports/projections`: each projection, its live version and generation, and how far
it has read each topic; and the reports there are."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy.orm import Session

from services.reporting.application import Projector, Reports
from services.reporting.persistence.projection_store import SqlProjectionStore
from shared.http.security import Reader

router = APIRouter(prefix="/reports", tags=["reports"])


def _status(request: Request) -> dict[str, Any]:
    store: SqlProjectionStore = request.app.state.store
    projector: Projector = request.app.state.projector
    reports: Reports = request.app.state.reports
    out: list[dict[str, Any]] = []
    with Session(request.app.state.engine) as session:
        live = store.live(session)
        for name, projection in sorted(projector.projections.items()):
            generation = live.get(name)
            positions = store.positions(session, generation) if generation else {}
            out.append(
                {
                    "projection": name,
                    "description": projection.description,
                    "code_version": projection.version,
                    "live_version": generation.version if generation else None,
                    "live_generation": generation.number if generation else None,
                    "needs_replay": generation is None or generation.version != projection.version,
                    "positions": [
                        {"topic": t, "partition": p, "position": pos, "offset": off}
                        for (t, p), (pos, off) in sorted(positions.items())
                    ],
                }
            )
    return {
        "projections": out,
        "reports": [
            {
                "report": r.name,
                "projection": r.projection,
                "description": r.description,
                "columns": list(r.columns),
                "filters": sorted(r.filters),
            }
            for r in reports.reports.values()
        ],
    }


@router.get("/projections")
async def show_projections(request: Request, _: Reader) -> dict[str, Any]:
    """Each projection's live version and generation, its positions per topic and partition,
    and whether its code has moved to a version a replay must build; and every report."""
    return await asyncio.to_thread(_status, request)
