"""Households: registering, reading and listing them; their members, disaster impacts and
address. Each change is a new event; caseworkers act only in their provinces."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from fastapi import APIRouter, Request, status

from services.intake.application.households import HouseholdUseCases
from services.intake.domain.household import Household
from services.intake.domain.household_rules import (
    DisasterMustBeKnown,
    HeadMustBeEnrolled,
    MemberMustBeEnrolled,
)
from services.intake.interfaces.http.access import (
    AsOf,
    HistoryView,
    Limit,
    Offset,
    Reader,
    Writer,
    may_see,
    not_found,
    visible_history,
    visible_provinces,
    wake_relay,
)
from services.intake.interfaces.http.beneficiary_models import Reasoned
from services.intake.interfaces.http.household_models import (
    AddressCorrection,
    HouseholdPage,
    HouseholdRegistered,
    HouseholdRegistration,
    HouseholdView,
    ImpactIn,
    MemberIn,
)
from shared.auth import Principal
from shared.rules import BusinessRule, BusinessRuleBroken, check
from shared.tracing import current_traceparent

router = APIRouter(prefix="/households", tags=["households"])
NO_CONTENT = status.HTTP_204_NO_CONTENT


# Helpers --------------------------------------------------------------------------------------


def _app(request: Request) -> HouseholdUseCases:
    app: HouseholdUseCases = request.app.state.intake
    return app


def _writable(
    request: Request, principal: Principal, household_id: UUID
) -> tuple[HouseholdUseCases, Household]:
    app = _app(request)
    try:
        household = app.household(household_id)
    except AggregateNotFoundError as e:
        raise not_found("household", e) from e
    principal.require_province(household.province_code)
    return app, household


def _visible_beneficiary(
    app: HouseholdUseCases, principal: Principal, beneficiary_id: UUID, missing: BusinessRule
) -> None:
    """A beneficiary named in a body must exist (else 422 naming the field) and be visible."""
    try:
        beneficiary = app.existing_beneficiary(beneficiary_id)
    except AggregateNotFoundError as e:
        raise BusinessRuleBroken(missing) from e
    may_see(principal, beneficiary.province_code)


def _done(request: Request) -> None:
    wake_relay(request)


# Routes ---------------------------------------------------------------------------------------


@router.post("", status_code=status.HTTP_201_CREATED, response_model=HouseholdRegistered)
def register(
    body: HouseholdRegistration, principal: Writer, request: Request
) -> HouseholdRegistered:
    """Register a household headed by an enrolled beneficiary. The douar and address are
    sealed with a key of the household's own, so they can be erased later."""
    principal.require_province(body.province_code)
    app = _app(request)
    _visible_beneficiary(app, principal, body.head_id, HeadMustBeEnrolled(enrolled=False))
    household_id = app.register_household(
        body.head_id,
        body.province_code,
        body.commune_code,
        body.douar,
        body.address,
        actor=principal.subject,
        reason=body.reason,
        traceparent=current_traceparent(),
    )
    _done(request)
    return HouseholdRegistered(household_id=household_id)


@router.get("", response_model=HouseholdPage)
def search(
    principal: Reader,
    request: Request,
    province: str | None = None,
    disaster: str | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> HouseholdPage:
    """Households in the provinces the caller may see, oldest registration first."""
    if disaster is not None:
        check(DisasterMustBeKnown(disaster))
    visible = visible_provinces(principal, province)
    records, total = _app(request).search_households(
        provinces=visible, province=province, disaster=disaster, limit=limit, offset=offset
    )
    items = [HouseholdView.of(r) for r in records]
    return HouseholdPage(items=items, total=total, limit=limit, offset=offset)


@router.get("/{household_id}", response_model=HouseholdView)
def show(
    household_id: UUID, principal: Reader, request: Request, as_of: AsOf = None
) -> HouseholdView:
    try:
        record = _app(request).read_household(household_id, as_of)
    except AggregateNotFoundError as e:
        raise not_found("household", e) from e
    may_see(principal, record.province_code)
    return HouseholdView.of(record)


@router.get("/{household_id}/history", response_model=HistoryView)
def history(household_id: UUID, principal: Reader, request: Request) -> HistoryView:
    """Every event of the household: what, when, who, why."""
    app = _app(request)
    return visible_history(app, "household", app.household, household_id, principal)


@router.post("/{household_id}/members", status_code=NO_CONTENT)
def add_member(household_id: UUID, body: MemberIn, principal: Writer, request: Request) -> None:
    app, _ = _writable(request, principal, household_id)
    _visible_beneficiary(app, principal, body.beneficiary_id, MemberMustBeEnrolled(enrolled=False))
    app.add_member(
        household_id,
        body.beneficiary_id,
        body.relation,
        actor=principal.subject,
        reason=body.reason,
        traceparent=current_traceparent(),
    )
    _done(request)


@router.post("/{household_id}/members/{beneficiary_id}/removal", status_code=NO_CONTENT)
def remove_member(
    household_id: UUID, beneficiary_id: UUID, body: Reasoned, principal: Writer, request: Request
) -> None:
    app, _ = _writable(request, principal, household_id)
    app.remove_member(
        household_id,
        beneficiary_id,
        actor=principal.subject,
        reason=body.reason,
        traceparent=current_traceparent(),
    )
    _done(request)


@router.put("/{household_id}/disaster-impacts/{disaster}", status_code=NO_CONTENT)
def record_disaster_impact(
    household_id: UUID, disaster: str, body: ImpactIn, principal: Writer, request: Request
) -> None:
    """How a named disaster hit the household; recording it again corrects it (with a reason)."""
    app, _ = _writable(request, principal, household_id)
    app.record_disaster_impact(
        household_id,
        disaster,
        evacuated=body.evacuated,
        damage=body.damage,
        actor=principal.subject,
        reason=body.reason,
        traceparent=current_traceparent(),
    )
    _done(request)


@router.post("/{household_id}/address-corrections", status_code=NO_CONTENT)
def correct_address(
    household_id: UUID, body: AddressCorrection, principal: Writer, request: Request
) -> None:
    app, _ = _writable(request, principal, household_id)
    app.correct_address(
        household_id,
        body.douar,
        body.address,
        actor=principal.subject,
        reason=body.reason,
        traceparent=current_traceparent(),
    )
    _done(request)


@router.post("/{household_id}/erasure", status_code=NO_CONTENT)
def erase(household_id: UUID, body: Reasoned, principal: Writer, request: Request) -> None:
    """Destroy the household's key (law 09-08 erasure): its douar and address read as erased
    everywhere from now on; members, disaster impacts and history remain."""
    app, _ = _writable(request, principal, household_id)
    app.erase_household_address(
        household_id,
        actor=principal.subject,
        reason=body.reason,
        traceparent=current_traceparent(),
    )
    _done(request)
