"""Associations and their partnership agreements over HTTP."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, HTTPException, Request, status
from pydantic import BaseModel, ConfigDict, Field

from services.intake.application.organisations import AssociationRegistration, Organisations
from services.intake.application.records import IndexRow, OrganisationQuery
from services.intake.domain.association import Association, NoSuchAgreement
from services.intake.domain.reference import Category
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

router = APIRouter(prefix="/associations", tags=["associations"])
ASSOCIATION = "association"


class AssociationRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=300, examples=["جمعية الأمل لرعاية المسنين"])
    registration_number: str = Field(min_length=1, max_length=100, examples=["KHN-2014-0117"])
    province_code: str = Field(min_length=1, max_length=16, examples=["KHN"])
    fields_of_work: list[Category] = Field(min_length=1)
    reason: str | None = Field(default=None, max_length=500)


class AgreementRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    subject: str = Field(min_length=1, max_length=500)
    starts_on: IsoDate
    ends_on: IsoDate
    reason: str | None = Field(default=None, max_length=500)


class EndAgreementRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    ended_on: IsoDate
    reason: str = Field(min_length=1, max_length=500)


class Registered(BaseModel):
    association_id: UUID


class Signed(BaseModel):
    association_id: UUID
    agreement_id: UUID


class AgreementView(BaseModel):
    agreement_id: UUID
    subject: str
    starts_on: IsoDate
    ends_on: IsoDate
    ended_on: IsoDate | None
    end_reason: str | None


class AssociationView(BaseModel):
    association_id: UUID
    name: str
    registration_number: str
    province_code: str
    fields_of_work: list[Category]
    agreements: list[AgreementView]
    version: int


class AssociationSummary(BaseModel):
    association_id: UUID
    name: str
    registration_number: str
    province_code: str
    fields_of_work: list[Category]

    @classmethod
    def of(cls, r: IndexRow) -> AssociationSummary:
        return cls(
            association_id=r.id,
            name=r.name,
            registration_number=r.registration_number,
            province_code=r.province_code,
            fields_of_work=r.fields_of_work,
        )


class AssociationPage(Page[AssociationSummary]):
    pass


def _view(a: Association) -> AssociationView:
    return AssociationView(
        association_id=a.id,
        name=a.name,
        registration_number=a.registration_number,
        province_code=a.province_code,
        fields_of_work=a.fields_of_work,
        agreements=[AgreementView(**agreement.__dict__) for agreement in a.agreements],
        version=a.version,
    )


@router.post("", status_code=status.HTTP_201_CREATED, response_model=Registered)
def register(
    body: AssociationRequest,
    principal: Writer,
    organisations: OrganisationRecords,
    request: Request,
) -> Registered:
    registration = AssociationRegistration(
        name=body.name,
        registration_number=body.registration_number,
        province_code=body.province_code,
        fields_of_work=tuple(body.fields_of_work),
    )
    association_id = organisations.register_association(
        registration,
        reason=body.reason,
        **acting(principal),
    )
    wake_relay(request)
    return Registered(association_id=association_id)


@router.post(
    "/{association_id}/agreements", status_code=status.HTTP_201_CREATED, response_model=Signed
)
def sign_agreement(
    association_id: UUID,
    body: AgreementRequest,
    principal: Writer,
    organisations: OrganisationRecords,
    request: Request,
) -> Signed:
    with change_of(ASSOCIATION, request):
        agreement_id = organisations.sign_agreement(
            association_id,
            subject=body.subject,
            starts_on=body.starts_on,
            ends_on=body.ends_on,
            reason=body.reason,
            **acting(principal),
        )
    return Signed(association_id=association_id, agreement_id=agreement_id)


@router.post("/{association_id}/agreements/{agreement_id}/end", response_model=AssociationView)
def end_agreement(
    association_id: UUID,
    agreement_id: UUID,
    body: EndAgreementRequest,
    principal: Writer,
    organisations: OrganisationRecords,
    request: Request,
) -> AssociationView:
    try:
        with change_of(ASSOCIATION, request):
            association = organisations.end_agreement(
                association_id,
                agreement_id,
                ended_on=body.ended_on,
                reason=body.reason,
                **acting(principal),
            )
    except NoSuchAgreement as e:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="no such agreement") from e
    return _view(association)


@router.get("", response_model=AssociationPage)
def list_associations(
    principal: Reader,
    organisations: OrganisationRecords,
    province: str | None = None,
    field: Category | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> AssociationPage:
    query = OrganisationQuery(
        provinces=visible_provinces(principal, province),
        field=None if field is None else str(field),
        limit=limit,
        offset=offset,
    )
    page = organisations.associations(query)
    return AssociationPage.of(map(AssociationSummary.of, page.rows), page.total, limit, offset)


add_reads(
    router,
    what=ASSOCIATION,
    id_name="association_id",
    use_case=organisations_of,
    read=Organisations.association,
    view=_view,
    response_model=AssociationView,
)
