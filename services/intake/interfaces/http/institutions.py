"""Institutions over HTTP: parse, check access, delegate to the application."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request, status
from pydantic import BaseModel, ConfigDict, Field

from services.intake.application.organisations import InstitutionRegistration, Organisations
from services.intake.application.records import IndexRow, OrganisationQuery
from services.intake.domain.institution import Institution
from services.intake.domain.reference import InstitutionType, LicensingStatus
from services.intake.interfaces.http.access import (
    Limit,
    Offset,
    Reader,
    Writer,
    change_of,
    visible_provinces,
)
from services.intake.interfaces.http.dependencies import (
    OrganisationRecords,
    acting,
    organisations_of,
)
from services.intake.interfaces.http.reads import add_reads
from shared.http.dates import IsoDate
from shared.http.pages import Page
from shared.http.relay import wake_relay

router = APIRouter(prefix="/institutions", tags=["institutions"])
INSTITUTION = "institution"


class InstitutionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name_lat: str | None = Field(default=None, max_length=200, examples=["Dar Al Atfal Khenifra"])
    name_ar: str | None = Field(default=None, max_length=200, examples=["دار الأطفال خنيفرة"])
    type: InstitutionType
    province_code: str = Field(min_length=1, max_length=16, examples=["KHN"])
    commune_code: str = Field(min_length=1, max_length=16, examples=["KHN-001"])
    capacity: int = Field(gt=0, examples=[60])
    licensing_status: LicensingStatus
    managing_association_id: UUID | None = None
    reason: str | None = Field(default=None, max_length=500)


class LicensingRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    status: LicensingStatus
    effective_on: IsoDate
    reason: str = Field(min_length=1, max_length=500)


class ManagerRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    managing_association_id: UUID
    reason: str | None = Field(default=None, max_length=500)


class Registered(BaseModel):
    institution_id: UUID


class InstitutionView(BaseModel):
    institution_id: UUID
    name_lat: str | None
    name_ar: str | None
    type: InstitutionType
    province_code: str
    commune_code: str
    capacity: int
    licensing_status: LicensingStatus
    licensing_effective_on: IsoDate | None
    managing_association_id: UUID | None
    version: int


class InstitutionSummary(BaseModel):
    institution_id: UUID
    name_lat: str | None
    name_ar: str | None
    type: InstitutionType
    province_code: str
    licensing_status: LicensingStatus

    @classmethod
    def of(cls, r: IndexRow) -> InstitutionSummary:
        return cls(
            institution_id=r.id,
            name_lat=r.name_lat,
            name_ar=r.name_ar,
            type=r.type,
            province_code=r.province_code,
            licensing_status=r.status,
        )


class InstitutionPage(Page[InstitutionSummary]):
    pass


def _view(i: Institution) -> InstitutionView:
    return InstitutionView(
        institution_id=i.id,
        name_lat=i.name_lat,
        name_ar=i.name_ar,
        type=i.type,
        province_code=i.province_code,
        commune_code=i.commune_code,
        capacity=i.capacity,
        licensing_status=i.licensing_status,
        licensing_effective_on=i.licensing_effective_on,
        managing_association_id=i.managing_association_id,
        version=i.version,
    )


@router.post("", status_code=status.HTTP_201_CREATED, response_model=Registered)
def register(
    body: InstitutionRequest,
    principal: Writer,
    organisations: OrganisationRecords,
    request: Request,
) -> Registered:
    registration = InstitutionRegistration(**body.model_dump(exclude={"reason"}))
    institution_id = organisations.register_institution(
        registration,
        reason=body.reason,
        **acting(principal),
    )
    wake_relay(request)
    return Registered(institution_id=institution_id)


@router.post("/{institution_id}/licensing", response_model=InstitutionView)
def change_licensing(
    institution_id: UUID,
    body: LicensingRequest,
    principal: Writer,
    organisations: OrganisationRecords,
    request: Request,
) -> InstitutionView:
    with change_of(INSTITUTION, request):
        institution = organisations.change_licensing(
            institution_id,
            status=body.status,
            effective_on=body.effective_on,
            reason=body.reason,
            **acting(principal),
        )
    return _view(institution)


@router.put("/{institution_id}/managing-association", response_model=InstitutionView)
def assign_manager(
    institution_id: UUID,
    body: ManagerRequest,
    principal: Writer,
    organisations: OrganisationRecords,
    request: Request,
) -> InstitutionView:
    with change_of(INSTITUTION, request):
        institution = organisations.assign_managing_association(
            institution_id,
            body.managing_association_id,
            reason=body.reason,
            **acting(principal),
        )
    return _view(institution)


@router.get("", response_model=InstitutionPage)
def list_institutions(
    principal: Reader,
    organisations: OrganisationRecords,
    province: str | None = None,
    type_: Annotated[InstitutionType | None, Query(alias="type")] = None,
    status_: Annotated[LicensingStatus | None, Query(alias="status")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> InstitutionPage:
    query = OrganisationQuery(
        provinces=visible_provinces(principal, province),
        type=None if type_ is None else str(type_),
        status=None if status_ is None else str(status_),
        limit=limit,
        offset=offset,
    )
    page = organisations.institutions(query)
    return InstitutionPage.of(map(InstitutionSummary.of, page.rows), page.total, limit, offset)


add_reads(
    router,
    what=INSTITUTION,
    id_name="institution_id",
    use_case=organisations_of,
    read=Organisations.institution,
    view=_view,
    response_model=InstitutionView,
)
