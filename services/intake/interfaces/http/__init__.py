"""Intake's HTTP interface: one router per resource."""

from __future__ import annotations

from fastapi import APIRouter

from services.intake.interfaces.http.associations import router as associations
from services.intake.interfaces.http.beneficiaries import router as beneficiaries
from services.intake.interfaces.http.beneficiary_changes import router as beneficiary_changes
from services.intake.interfaces.http.claims import router as claims
from services.intake.interfaces.http.households import router as households
from services.intake.interfaces.http.imports import router as imports
from services.intake.interfaces.http.institutions import router as institutions
from services.intake.interfaces.http.reference import router as reference

# Most requests are SMS claims in a surge, enrolments otherwise: FastAPI tries routes in order
# (matching down to the webhook was a quarter of its time per claim). No path here matches
# another router's (beneficiary_changes' paths all have more segments than beneficiaries' {id}).
ROUTERS: list[APIRouter] = [
    claims,
    beneficiaries,
    beneficiary_changes,
    households,
    imports,
    institutions,
    associations,
    reference,
]
