"""`GET /reports/names/{beneficiary_id}`: a person's name for a screen that shows one, asked
of intake with the caller's own token (intake checks their role and provinces), passed on
and never stored or logged: reporting keeps no personal data (law 09-08)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import httpx
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from shared.http.security import Reader

router = APIRouter(prefix="/reports", tags=["reports"])


@router.get(
    "/names/{beneficiary_id}",
    response_model=None,
    responses={
        200: {"description": "the name, from intake"},
        403: {"description": "intake refused the caller"},
        404: {"description": "intake knows no such beneficiary"},
        502: {"description": "intake did not answer"},
    },
)
async def show_name(
    beneficiary_id: UUID, request: Request, _: Reader
) -> JSONResponse | dict[str, Any]:
    """The beneficiary's name in Arabic and Latin letters, from intake, as the caller may see
    it there (intake's 403/404 are passed on)."""
    client: httpx.AsyncClient = request.app.state.intake_client
    try:
        answer = await client.get(
            f"/beneficiaries/{beneficiary_id}",
            headers={"Authorization": request.headers.get("authorization", "")},
        )
    except httpx.HTTPError:
        return JSONResponse(
            {"error": "intake_unavailable", "detail": "intake did not answer"}, status_code=502
        )
    headers = {"Cache-Control": "no-store"}
    if answer.status_code != 200:
        body = (
            answer.json()
            if answer.headers.get("content-type", "").startswith("application/json")
            else {"error": "intake", "detail": answer.text[:200]}
        )
        return JSONResponse(body, status_code=answer.status_code, headers=headers)
    person = answer.json()
    shown = {"beneficiary_id": str(beneficiary_id), "name_ar": person.get("name_ar"),
             "name_lat": person.get("name_lat")}  # fmt: skip
    return JSONResponse(shown, headers=headers)
