"""Reporting's HTTP interface."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends, Request

from services.reporting.queries import Counts, counts
from shared.auth import Principal, Role
from shared.http.security import require_role

router = APIRouter(prefix="/reports", tags=["reports"])

Reader = Annotated[
    Principal,
    Depends(require_role(Role.CASEWORKER, Role.APPROVER, Role.AUDITOR, Role.ADMIN)),
]


@router.get("/counts", response_model=Counts)
async def show_counts(principal: Reader, request: Request) -> Counts:
    """Beneficiaries enrolled and eligibility reviews opened, per province the caller may see."""
    return await asyncio.to_thread(counts, request.app.state.engine, principal.provinces)
