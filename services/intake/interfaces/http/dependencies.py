"""The use cases a router needs, as FastAPI dependencies: the only place that knows where the
composed `Intake` (bootstrap.py) is kept. Async, so they run on the event loop, not in a
worker thread."""

from __future__ import annotations

from typing import Annotated, TypedDict

from fastapi import Depends, Request

from services.intake.application import Intake, Scope
from services.intake.application.beneficiary_changes import BeneficiaryChanges
from services.intake.application.beneficiary_duplicates import DuplicateDecisions
from services.intake.application.beneficiary_views import BeneficiaryViews
from services.intake.application.group_commit import EnrolmentGroupCommit
from services.intake.application.household_views import HouseholdViews
from services.intake.application.households import Households
from services.intake.application.imports.dispatch import Imports
from services.intake.application.organisations import Organisations
from services.intake.application.reference import ReferenceData
from shared.auth import Principal
from shared.tracing import current_traceparent


def intake_of(request: Request) -> Intake:
    intake: Intake = request.app.state.intake
    return intake


async def _reference(request: Request) -> ReferenceData:
    return intake_of(request).reference


async def _enrolments(request: Request) -> EnrolmentGroupCommit:
    enrolments: EnrolmentGroupCommit = request.app.state.enrolments
    return enrolments


async def beneficiary_views_of(request: Request) -> BeneficiaryViews:
    return intake_of(request).views


async def _changes(request: Request) -> BeneficiaryChanges:
    return intake_of(request).changes


async def _duplicates(request: Request) -> DuplicateDecisions:
    return intake_of(request).duplicates


async def _households(request: Request) -> Households:
    return intake_of(request).households


async def household_views_of(request: Request) -> HouseholdViews:
    return intake_of(request).household_views


async def organisations_of(request: Request) -> Organisations:
    return intake_of(request).organisations


async def _imports(request: Request) -> Imports:
    return intake_of(request).imports


Reference = Annotated[ReferenceData, Depends(_reference)]
Enrolments = Annotated[EnrolmentGroupCommit, Depends(_enrolments)]
BeneficiaryReads = Annotated[BeneficiaryViews, Depends(beneficiary_views_of)]
BeneficiaryWrites = Annotated[BeneficiaryChanges, Depends(_changes)]
Duplicates = Annotated[DuplicateDecisions, Depends(_duplicates)]
HouseholdWrites = Annotated[Households, Depends(_households)]
HouseholdReads = Annotated[HouseholdViews, Depends(household_views_of)]
OrganisationRecords = Annotated[Organisations, Depends(organisations_of)]
ImportJobs = Annotated[Imports, Depends(_imports)]


def scope_of(principal: Principal) -> Scope:
    """Where the caller may act (the provinces of their token) and what they may see (those,
    or every province for an admin): the use case checks the records it loads against it."""
    acts_in = None if "*" in principal.provinces else principal.provinces
    return Scope(acts_in=acts_in, sees=principal.readable_provinces())


class Acting(TypedDict):
    actor: str
    traceparent: str | None
    scope: Scope


def acting(principal: Principal) -> Acting:
    """Who acts, where, in which trace: what every change's use case is told (`**acting(...)`)."""
    return Acting(
        actor=principal.subject, traceparent=current_traceparent(), scope=scope_of(principal)
    )
