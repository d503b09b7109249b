"""Reports over HTTP: `GET /reports/{report}` as of a moment, filtered, as JSON or CSV.

Parses the query (every parameter checked: an unknown one, a malformed `as_of`, a year that
is not one answer 422 naming it), calls the `Reports` use case, shapes the answer.
"""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import UTC, date, datetime, time
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from services.reporting.application.reports import (
    Answer,
    FilterUnknown,
    Reports,
    ReportUnknown,
    SubjectMissing,
)
from services.reporting.persistence.report_queries import ProjectionNotLive
from shared.http.errors import invalid_request
from shared.http.security import Reader

router = APIRouter(prefix="/reports", tags=["reports"])

COMMON = {"as_of", "format"}
BOM = "\ufeff"


class BadParameter(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def parse_as_of(value: str | None) -> datetime | None:
    """A timestamp (UTC when it names no offset) or a date: the end of that day, UTC."""
    if value is None or value == "":
        return None
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return datetime.combine(day, time.max, tzinfo=UTC)
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise BadParameter(
            "as_of", f"{value!r} is not a date (YYYY-MM-DD) or a timestamp (ISO 8601)"
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _filters(request: Request, reports: Reports, name: str) -> dict[str, str]:
    report = reports.report(name)
    filters: dict[str, str] = {}
    for key, value in request.query_params.multi_items():
        if key in COMMON:
            continue
        if key not in report.filters:
            raise FilterUnknown(key, name, {*report.filters, *COMMON})
        if key == "year" and not (value.isdigit() and len(value) == 4):
            raise BadParameter("year", f"{value!r} is not a year (YYYY)")
        if value != "":
            filters[key] = value
    return filters


def _cell(value: object) -> object:
    """As the JSON writes it: times in ISO 8601, nothing for a null."""
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, datetime | date) else value


def _csv(answer: Answer) -> Response:
    out = io.StringIO()
    out.write(BOM)  # so a spreadsheet reads the Arabic as UTF-8
    writer = csv.writer(out)
    writer.writerow(answer.columns)
    for row in answer.rows:
        writer.writerow([_cell(row.get(c)) for c in answer.columns])
    stamp = answer.as_of.date().isoformat() if answer.as_of else date.today().isoformat()
    filename = f"{answer.report}-{stamp}.csv"
    return Response(
        out.getvalue().encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _json(answer: Answer) -> dict[str, Any]:
    def plain(v: object) -> object:
        return v.isoformat() if isinstance(v, datetime | date) else v

    return {
        "report": answer.report,
        "as_of": answer.as_of.isoformat() if answer.as_of else None,
        "columns": list(answer.columns),
        "rows": [{k: plain(v) for k, v in row.items()} for row in answer.rows],
    }


async def _answer(
    request: Request, principal: Reader, name: str, subject: str | None = None
) -> Response | dict[str, Any]:
    reports: Reports = request.app.state.reports
    try:
        fmt = request.query_params.get("format", "json")
        if fmt not in ("json", "csv"):
            raise BadParameter("format", f"{fmt!r}: the format is json or csv")
        as_of = parse_as_of(request.query_params.get("as_of"))
        filters = _filters(request, reports, name)
        answer = await asyncio.to_thread(
            reports.answer,
            name,
            as_of=as_of,
            filters=filters,
            provinces=principal.provinces,
            subject=subject,
        )
    except (BadParameter, FilterUnknown, ReportUnknown, SubjectMissing) as e:
        return invalid_request([{"field": e.field, "message": str(e)}], str(e))
    except ProjectionNotLive as e:
        return JSONResponse({"error": "not_built", "detail": str(e)}, status_code=503)
    return _csv(answer) if fmt == "csv" else _json(answer)


@router.get("/{report}", response_model=None)
async def show_report(
    report: str, request: Request, principal: Reader
) -> Response | dict[str, Any]:
    """One report as of `as_of` (a date or a timestamp; now without one), filtered by the
    report's filters (`province`, `programme`, `year`, ...), as JSON or `format=csv`
    (UTF-8 with a BOM). Caseworkers see their own provinces, auditors and admins all."""
    return await _answer(request, principal, report)


@router.get("/{report}/{subject}", response_model=None)
async def show_subject(
    report: str, subject: str, request: Request, principal: Reader
) -> Response | dict[str, Any]:
    """A report about one subject: `timeline/{id}`, every event about a beneficiary,
    household, institution or association, in order."""
    return await _answer(request, principal, report, subject)
