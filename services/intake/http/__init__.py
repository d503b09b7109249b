"""Intake's HTTP interface: one router per resource."""

from __future__ import annotations

from fastapi import APIRouter

from services.intake.http.associations import router as associations
from services.intake.http.beneficiaries import router as beneficiaries
from services.intake.http.beneficiary_changes import router as beneficiary_changes
from services.intake.http.households import router as households
from services.intake.http.imports import router as imports
from services.intake.http.institutions import router as institutions
from services.intake.http.reference import router as reference

ROUTERS: list[APIRouter] = [
    beneficiary_changes,
    beneficiaries,
    households,
    imports,
    institutions,
    associations,
    reference,
]
