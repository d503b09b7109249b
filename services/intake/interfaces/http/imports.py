"""Bulk imports over HTTP: upload a CSV, get a job, poll the job until it is done.

    curl -X POST http://127.0.0.1:8001/imports/beneficiaries \\
         -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/csv' \\
         --data-binary @census.csv
    curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8001/imports/<job_id>

POST /imports/households takes a households CSV the same way (format in
services/intake/application/imports/household_import.py); its job answers on the same status
route, `beneficiary_id`/`existing_id` there naming the household each row went to.

The body is the raw CSV (format in services/intake/application/imports/beneficiary_rows.py and
docs/imports.md). The router submits the job and starts it (`Imports.start_import` runs it in
a thread of the replica that took the upload); its progress and answer are kept in intake's
database, so any replica can report on it.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, HTTPException, Query, Request, status
from fastapi.responses import JSONResponse

from services.intake.application.imports.csv_format import FileRejected, decode_upload
from services.intake.application.imports.dispatch import Imports
from services.intake.application.imports.jobs import ImportJob, JobKind, JobStatus, Outcome
from services.intake.interfaces.http.access import Reader, Writer, readable_provinces
from services.intake.interfaces.http.dependencies import ImportJobs
from services.intake.interfaces.http.import_models import (
    AcceptedRow,
    Counts,
    DuplicateRow,
    JobView,
    RejectedRow,
    Submitted,
)
from shared.auth import NotAllowed, Principal, Role
from shared.http.params import MAX_OFFSET

router = APIRouter(prefix="/imports", tags=["imports"])

DEFAULT_LIMIT_BYTES = 50 * 1024 * 1024


def limit_bytes(request: Request) -> int:
    limit = getattr(request.app.state, "import_limit_bytes", None)
    return int(limit) if limit else DEFAULT_LIMIT_BYTES


def _too_large(limit: int) -> JSONResponse:
    return JSONResponse(
        {
            "error": "payload_too_large",
            "detail": f"an import file may be at most {limit:,} bytes; split it and retry",
            "limit_bytes": limit,
        },
        status_code=status.HTTP_413_CONTENT_TOO_LARGE,
    )


async def _read_limited(request: Request, limit: int) -> bytes | None:
    """The body, or None as soon as it is longer than `limit` (without reading it all)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


@router.post(
    "/beneficiaries",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=Submitted,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"text/csv": {"schema": {"type": "string", "format": "binary"}}},
        }
    },
    responses={
        413: {"description": "the file is larger than the import limit (50 MB by default)"},
        422: {"description": "not UTF-8, or the header row is missing or names unknown columns"},
    },
)
async def import_beneficiaries(principal: Writer, request: Request, imports: ImportJobs) -> Any:
    """Start importing a CSV of beneficiaries (raw body, `Content-Type: text/csv`).

    Every row is checked on its own; rows for provinces outside the caller's token are
    rejected, never the whole file. Poll `status_url` for progress and the answer."""
    return await _submit(request, principal, imports, JobKind.BENEFICIARIES)


@router.post(
    "/households",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=Submitted,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"text/csv": {"schema": {"type": "string", "format": "binary"}}},
        }
    },
    responses={
        413: {"description": "the file is larger than the import limit (50 MB by default)"},
        422: {"description": "not UTF-8, or the header row is missing or names unknown columns"},
    },
)
async def import_households(principal: Writer, request: Request, imports: ImportJobs) -> Any:
    """Start importing a CSV of households, one row per member (raw body, `Content-Type:
    text/csv`). The people must already be enrolled; they are named by national ID.

    Every row is checked on its own; a bad head's row takes its household's rows with it.
    Poll `status_url` for progress and the answer: `accepted` and `duplicates` (unchanged:
    already recorded) name the household of each row."""
    return await _submit(request, principal, imports, JobKind.HOUSEHOLDS)


async def _submit(request: Request, principal: Principal, imports: Imports, kind: JobKind) -> Any:
    """Read and check the upload, queue the job, start it, answer 202."""
    limit = limit_bytes(request)
    data = await _read_limited(request, limit)
    if data is None:
        return _too_large(limit)
    try:
        text = decode_upload(data)
        job_id = await asyncio.to_thread(
            imports.submit_import, text, kind=kind, submitted_by=principal.subject
        )
    except FileRejected as e:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(e)) from e
    job = await asyncio.to_thread(imports.import_job, job_id)
    assert job is not None
    # Once done, have the relay publish the new events now rather than at its next poll.
    relay = getattr(request.app.state, "relay", None)
    imports.start_import(
        text,
        kind=kind,
        actor=principal.subject,
        job_id=job_id,
        allowed_provinces=readable_provinces(principal),
        then=getattr(relay, "wake_threadsafe", None),
    )
    return Submitted(
        job_id=job_id,
        status=job.status,
        total_rows=job.total_rows,
        status_url=str(request.url_for("import_status", job_id=str(job_id))),
    )


@router.get("/{job_id}", response_model=JobView, name="import_status")
def import_status(
    job_id: UUID,
    principal: Reader,
    imports: ImportJobs,
    limit: Annotated[int, Query(ge=0, le=100_000, description="rows per list")] = 1000,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="skip rows of each list")] = 0,
) -> JobView:
    """Where an import stands; once done, which rows were accepted, already enrolled
    (`existing_id` names the record) or rejected (with reasons naming the cells).

    A caseworker sees the jobs they submitted; approvers, auditors and admins see any."""
    job = imports.import_job(job_id)
    if job is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="no such import job")
    if principal.roles <= {Role.CASEWORKER} and job.submitted_by != principal.subject:
        raise NotAllowed("this import was submitted by someone else")
    view = _view(job)
    if job.status == JobStatus.DONE:
        accepted = imports.import_outcomes(job_id, Outcome.ACCEPTED, limit, offset)
        duplicates = imports.import_outcomes(job_id, Outcome.DUPLICATE, limit, offset)
        rejected = imports.import_outcomes(job_id, Outcome.REJECTED, limit, offset)
        view.accepted = [
            AcceptedRow(row=r.row, beneficiary_id=r.beneficiary_id)
            for r in accepted
            if r.beneficiary_id
        ]
        view.duplicates = [
            DuplicateRow(row=r.row, existing_id=r.beneficiary_id)
            for r in duplicates
            if r.beneficiary_id
        ]
        view.rejected = [RejectedRow(row=r.row, reasons=r.reasons or []) for r in rejected]
    return view


def _view(job: ImportJob) -> JobView:
    return JobView(
        job_id=job.job_id,
        kind=job.kind,
        status=job.status,
        submitted_by=job.submitted_by,
        total_rows=job.total_rows,
        processed_rows=job.processed_rows,
        progress=round(job.progress, 4),
        counts=Counts(accepted=job.accepted, duplicates=job.duplicates, rejected=job.rejected),
        error=job.error,
        created_at=job.created_at,
        finished_at=job.finished_at,
    )
