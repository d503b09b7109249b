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

# Most requests are enrolments: FastAPI tries routes in order. No path here matches another
# router's (beneficiary_changes' paths all have more segments than beneficiaries' {id}).
ROUTERS: list[APIRouter] = [
    beneficiaries,
    beneficiary_changes,
    households,
    imports,
    institutions,
    associations,
    reference,
]
