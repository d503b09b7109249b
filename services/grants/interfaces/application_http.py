"""Associations' applications over HTTP: a caseworker of the province files one (checked
against the programme: 422 naming the field, 409 if already filed); read with filters, pages,
history and "as of". Each filed application proposes a decision (see /decisions)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from services.grants.application.applications import GrantApplications, NewApplication
from services.grants.domain.grant_application import Application
from services.grants.interfaces.decision_http import DecisionView, decision_view
from services.grants.interfaces.record_http import (
    AmountText,
    AsOf,
    Code,
    HistoryView,
    actor_of,
    amount_text,
    answering,
    history_view,
    list_scope,
    may_read,
)
from shared.http.pages import Page
from shared.http.params import Limit, Offset
from shared.http.relay import wake_relay
from shared.http.security import Reader, Writer
from shared.money import Money

router = APIRouter(prefix="/applications", tags=["applications"])


def _applications(request: Request) -> GrantApplications:
    applications: GrantApplications = request.app.state.applications
    return applications


UseCase = Annotated[GrantApplications, Depends(_applications)]


class NewApplicationBody(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    programme: Code = Field(examples=["social-care-institutions"], description="its code")
    fiscal_year: int = Field(ge=2000, le=2100, examples=[2021])
    association_id: UUID
    institution_id: UUID | None = Field(
        default=None, description="the institution the association manages, if the grant is for one"
    )
    requested_amount: AmountText
    purpose: str = Field(min_length=1, max_length=1000)
    component: Code | None = Field(default=None, description="default: the programme's only one")


class ApplicationView(BaseModel):
    application_id: UUID
    version: int
    decision_id: UUID
    programme_id: UUID
    fiscal_year: str
    association_id: UUID
    institution_id: UUID | None
    province_code: str
    requested_amount: str
    purpose: str
    submitted_by: str
    currency: str = "MAD"


class FiledApplication(BaseModel):
    application: ApplicationView
    decision: DecisionView


class ApplicationPage(Page[ApplicationView]): ...


def application_view(a: Application) -> ApplicationView:
    return ApplicationView(
        application_id=a.id,
        version=a.version,
        decision_id=a.decision_id,
        programme_id=a.programme_id,
        fiscal_year=a.fiscal_year,
        association_id=a.association_id,
        institution_id=a.institution_id,
        province_code=a.province_code,
        requested_amount=amount_text(a.requested_centimes) or "0.00",
        purpose=a.purpose,
        submitted_by=a.submitted_by,
    )


@router.post("", status_code=201, response_model=FiledApplication, responses={409: {}})
def file_application(
    body: NewApplicationBody, principal: Writer, applications: UseCase, request: Request
) -> FiledApplication:
    new = NewApplication(
        programme=body.programme,
        fiscal_year=body.fiscal_year,
        association_id=body.association_id,
        institution_id=body.institution_id,
        requested=Money.mad(body.requested_amount),
        purpose=body.purpose,
        component=body.component,
    )
    with answering():
        application, decision = applications.apply(new, actor_of(principal))
    wake_relay(request)
    return FiledApplication(
        application=application_view(application), decision=decision_view(decision)
    )


@router.get("", response_model=ApplicationPage)
def list_applications(
    principal: Reader,
    applications: UseCase,
    province: Annotated[str | None, Query(min_length=1, max_length=64)] = None,
    programme_id: UUID | None = None,
    association_id: UUID | None = None,
    fiscal_year: Annotated[str | None, Query(min_length=4, max_length=4)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> ApplicationPage:
    found, total = applications.find(
        list_scope(principal, province), programme_id=programme_id,
        association_id=association_id, fiscal_year=fiscal_year, limit=limit, offset=offset,
    )  # fmt: skip
    items = [application_view(a) for a in found]
    return ApplicationPage(items=items, total=total, limit=limit, offset=offset)


@router.get("/{application_id}", response_model=ApplicationView)
def show_application(
    application_id: UUID, principal: Reader, applications: UseCase, as_of: AsOf = None
) -> ApplicationView:
    with answering():
        found = applications.application(application_id, as_of=as_of)
    may_read(principal, found.province_code)
    return application_view(found)


@router.get("/{application_id}/history", response_model=HistoryView)
def application_history(
    application_id: UUID, principal: Reader, applications: UseCase
) -> HistoryView:
    with answering():
        may_read(principal, applications.application(application_id).province_code)
    return history_view(application_id, applications.history(application_id))
