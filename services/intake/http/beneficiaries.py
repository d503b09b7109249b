"""Intake's HTTP interface: parse, check access, delegate to the application."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from fastapi import APIRouter, Depends, HTTPException, Request, status
from pydantic import BaseModel, ConfigDict, Field

from services.intake.application import Enrolment, IntakeApplication
from services.intake.domain.reference import PROVINCES, Category
from services.intake.domain.rules import CIN_PATTERN
from shared.auth import Principal, Role
from shared.http.security import require_role
from shared.tracing import current_traceparent

router = APIRouter(prefix="/beneficiaries", tags=["beneficiaries"])

Caseworker = Annotated[Principal, Depends(require_role(Role.CASEWORKER, Role.ADMIN))]
Reader = Annotated[
    Principal,
    Depends(require_role(Role.CASEWORKER, Role.APPROVER, Role.AUDITOR, Role.ADMIN)),
]


class EnrolmentRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name_ar: str | None = Field(default=None, max_length=200, examples=["فاطمة الزهراء بنعلي"])
    name_lat: str | None = Field(default=None, max_length=200, examples=["Fatima Zahra Benali"])
    cin: str | None = Field(default=None, pattern=CIN_PATTERN.pattern, examples=["BK123456"])
    birth_date: date
    province_code: str = Field(examples=["KHN"], description=f"one of {sorted(PROVINCES)}")
    category: Category


class Enrolled(BaseModel):
    beneficiary_id: UUID


class BeneficiaryView(BaseModel):
    beneficiary_id: UUID
    name_ar: str | None
    name_lat: str | None
    cin: str | None
    birth_date: date
    province_code: str
    category: Category
    version: int


def _app(request: Request) -> IntakeApplication:
    app: IntakeApplication = request.app.state.intake
    return app


@router.post("", status_code=status.HTTP_201_CREATED, response_model=Enrolled)
def enrol(body: EnrolmentRequest, principal: Caseworker, request: Request) -> Enrolled:
    principal.require_province(body.province_code)
    enrolment = Enrolment(**body.model_dump())
    beneficiary_id = _app(request).enrol_beneficiary(
        enrolment, actor=principal.subject, traceparent=current_traceparent()
    )
    request.app.state.relay.wake()
    return Enrolled(beneficiary_id=beneficiary_id)


@router.get("/{beneficiary_id}", response_model=BeneficiaryView)
def show(beneficiary_id: UUID, principal: Reader, request: Request) -> BeneficiaryView:
    try:
        b = _app(request).beneficiary(beneficiary_id)
    except AggregateNotFoundError as e:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="no such beneficiary") from e
    if Role.CASEWORKER in principal.roles and not principal.has_any(
        frozenset({Role.APPROVER, Role.AUDITOR, Role.ADMIN})
    ):
        principal.require_province(b.province_code)
    return BeneficiaryView(
        beneficiary_id=b.id,
        name_ar=b.name_ar,
        name_lat=b.name_lat,
        cin=b.cin,
        birth_date=b.birth_date,
        province_code=b.province_code,
        category=b.category,
        version=b.version,
    )
