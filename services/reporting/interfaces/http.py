"""Reporting's HTTP interface: parse, call one use case, shape the answer."""

from __future__ import annotations

import asyncio
from dataclasses import asdict
from uuid import UUID

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from services.reporting.application import CountsReport
from shared.http.security import Reader

router = APIRouter(prefix="/reports", tags=["reports"])


class ProgrammeDecisions(BaseModel):
    programme_id: UUID
    decisions_proposed: int = Field(description="every decision grants made in it")
    by_status: dict[str, int] = Field(description="where those decisions stand now")


class ProvinceCounts(BaseModel):
    province_code: str
    beneficiaries_enrolled: int
    by_category: dict[str, int]
    by_status: dict[str, int] = Field(description="beneficiaries by status")
    decisions_proposed: int = Field(description="every decision grants made in the province")
    decisions_by_status: dict[str, int] = Field(
        description="those decisions by where they stand: proposed, awaiting_authorisation, "
        "approved, rejected, appealed, appeal_dismissed, cancelled"
    )
    programmes: list[ProgrammeDecisions] = Field(description="the same, per programme")


class Counts(BaseModel):
    beneficiaries_enrolled: int
    decisions_proposed: int
    decisions_by_status: dict[str, int]
    provinces: list[ProvinceCounts]


@router.get("/counts", response_model=Counts)
async def show_counts(principal: Reader, request: Request) -> Counts:
    """Beneficiaries enrolled (intake) and the decisions grants proposed, with where they stand
    (`grants.decisions`), per province the caller may see."""
    report: CountsReport = request.app.state.counts
    counts = await asyncio.to_thread(report.counts, principal.provinces)
    return Counts.model_validate(asdict(counts))
