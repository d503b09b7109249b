"""Households: registering, reading and listing them; their members, disaster impacts and
address. Each change is a new event; caseworkers act only in their provinces."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request, status

from services.intake.application.household_views import HouseholdViews
from services.intake.interfaces.http.access import (
    Limit,
    Offset,
    Reader,
    Writer,
    change_of,
    visible_provinces,
)
from services.intake.interfaces.http.beneficiary_models import Reasoned
from services.intake.interfaces.http.dependencies import (
    HouseholdReads,
    HouseholdWrites,
    acting,
    household_views_of,
)
from services.intake.interfaces.http.household_models import (
    AddressCorrection,
    HouseholdPage,
    HouseholdRegistered,
    HouseholdRegistration,
    HouseholdView,
    ImpactIn,
    MemberIn,
)
from services.intake.interfaces.http.reads import add_reads
from shared.http.relay import wake_relay

router = APIRouter(prefix="/households", tags=["households"])
NO_CONTENT = status.HTTP_204_NO_CONTENT
HOUSEHOLD = "household"


@router.post("", status_code=status.HTTP_201_CREATED, response_model=HouseholdRegistered)
def register(
    body: HouseholdRegistration, principal: Writer, households: HouseholdWrites, request: Request
) -> HouseholdRegistered:
    """Register a household headed by an enrolled beneficiary. The douar and address are
    sealed with a key of the household's own, so they can be erased later."""
    household_id = households.register_household(
        body.head_id,
        body.province_code,
        body.commune_code,
        body.douar,
        body.address,
        reason=body.reason,
        **acting(principal),
    )
    wake_relay(request)
    return HouseholdRegistered(household_id=household_id)


@router.get("", response_model=HouseholdPage)
def search(
    principal: Reader,
    households: HouseholdReads,
    province: str | None = None,
    disaster: str | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> HouseholdPage:
    """Households in the provinces the caller may see, oldest registration first."""
    records, total = households.search_households(
        provinces=visible_provinces(principal, province),
        province=province,
        disaster=disaster,
        limit=limit,
        offset=offset,
    )
    return HouseholdPage.of(map(HouseholdView.of, records), total, limit, offset)


add_reads(
    router,
    what=HOUSEHOLD,
    id_name="household_id",
    use_case=household_views_of,
    read=HouseholdViews.read_household,
    view=HouseholdView.of,
    response_model=HouseholdView,
    load=HouseholdViews.household,  # the history needs no address opened
    history_doc="Every event of the household: what, when, who, why.",
)


@router.post("/{household_id}/members", status_code=NO_CONTENT)
def add_member(
    household_id: UUID,
    body: MemberIn,
    principal: Writer,
    households: HouseholdWrites,
    request: Request,
) -> None:
    with change_of(HOUSEHOLD, request):
        households.add_member(
            household_id,
            body.beneficiary_id,
            body.relation,
            reason=body.reason,
            **acting(principal),
        )


@router.post("/{household_id}/members/{beneficiary_id}/removal", status_code=NO_CONTENT)
def remove_member(
    household_id: UUID,
    beneficiary_id: UUID,
    body: Reasoned,
    principal: Writer,
    households: HouseholdWrites,
    request: Request,
) -> None:
    with change_of(HOUSEHOLD, request):
        households.remove_member(
            household_id,
            beneficiary_id,
            reason=body.reason,
            **acting(principal),
        )


@router.put("/{household_id}/disaster-impacts/{disaster}", status_code=NO_CONTENT)
def record_disaster_impact(
    household_id: UUID,
    disaster: str,
    body: ImpactIn,
    principal: Writer,
    households: HouseholdWrites,
    request: Request,
) -> None:
    """How a named disaster hit the household; recording it again corrects it (with a reason)."""
    with change_of(HOUSEHOLD, request):
        households.record_disaster_impact(
            household_id,
            disaster,
            evacuated=body.evacuated,
            damage=body.damage,
            reason=body.reason,
            **acting(principal),
        )


@router.post("/{household_id}/address-corrections", status_code=NO_CONTENT)
def correct_address(
    household_id: UUID,
    body: AddressCorrection,
    principal: Writer,
    households: HouseholdWrites,
    request: Request,
) -> None:
    with change_of(HOUSEHOLD, request):
        households.correct_address(
            household_id,
            body.douar,
            body.address,
            reason=body.reason,
            **acting(principal),
        )


@router.post("/{household_id}/erasure", status_code=NO_CONTENT)
def erase(
    household_id: UUID,
    body: Reasoned,
    principal: Writer,
    households: HouseholdWrites,
    request: Request,
) -> None:
    """Destroy the household's key (law 09-08 erasure): its douar and address read as erased
    everywhere from now on; members, disaster impacts and history remain."""
    with change_of(HOUSEHOLD, request):
        households.erase_household_address(
            household_id,
            reason=body.reason,
            **acting(principal),
        )
