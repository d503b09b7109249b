"""Reporting's HTTP interface: parse, call one use case, shape the answer."""

from __future__ import annotations

import asyncio
from dataclasses import asdict

from fastapi import APIRouter, Request
from pydantic import BaseModel

from services.reporting.application import CountsReport
from shared.http.security import Reader

router = APIRouter(prefix="/reports", tags=["reports"])


class ProvinceCounts(BaseModel):
    province_code: str
    beneficiaries_enrolled: int
    by_category: dict[str, int]
    by_status: dict[str, int]
    eligibility_reviews_opened: int


class Counts(BaseModel):
    beneficiaries_enrolled: int
    eligibility_reviews_opened: int
    provinces: list[ProvinceCounts]


@router.get("/counts", response_model=Counts)
async def show_counts(principal: Reader, request: Request) -> Counts:
    """Beneficiaries enrolled and eligibility reviews opened, per province the caller may see."""
    report: CountsReport = request.app.state.counts
    counts = await asyncio.to_thread(report.counts, principal.provinces)
    return Counts.model_validate(asdict(counts))
