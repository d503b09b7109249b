"""Enrolling and reading beneficiaries."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from fastapi import APIRouter, Query, Request, status

from services.intake.application import BeneficiaryRecord
from services.intake.application.beneficiary_views import BeneficiaryViews
from services.intake.domain.reference import BeneficiaryStatus, Category
from services.intake.interfaces.http.access import (
    AsOf,
    Limit,
    Offset,
    Reader,
    Writer,
    not_found,
    visible_provinces,
)
from services.intake.interfaces.http.beneficiary_models import (
    BeneficiaryPage,
    BeneficiaryView,
    Enrolled,
    EnrolmentRequest,
    NationalIdLookup,
)
from services.intake.interfaces.http.dependencies import (
    BeneficiaryReads,
    Enrolments,
    beneficiary_views_of,
)
from services.intake.interfaces.http.reads import add_history, visible
from shared.http.relay import wake_relay
from shared.tracing import current_traceparent

router = APIRouter(prefix="/beneficiaries", tags=["beneficiaries"])
BENEFICIARY = "beneficiary"


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=Enrolled,
    responses={409: {"description": "already enrolled: `existing_id` names the record"}},
)
async def enrol(
    body: EnrolmentRequest, principal: Writer, request: Request, group_commit: Enrolments
) -> Enrolled:
    principal.require_province(body.province_code)
    beneficiary_id = await group_commit.enrol(
        body.enrolment(), actor=principal.subject, traceparent=current_traceparent()
    )
    wake_relay(request)
    return Enrolled(beneficiary_id=beneficiary_id)


@router.get("", response_model=BeneficiaryPage)
def search(
    principal: Reader,
    beneficiaries: BeneficiaryReads,
    province: str | None = None,
    category: Category | None = None,
    status_: Annotated[BeneficiaryStatus | None, Query(alias="status")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> BeneficiaryPage:
    """Beneficiaries in the provinces the caller may see, oldest enrolment first."""
    visible = visible_provinces(principal, province)
    records, total = beneficiaries.search_beneficiaries(
        provinces=visible,
        province=province,
        category=str(category) if category else None,
        status=str(status_) if status_ else None,
        limit=limit,
        offset=offset,
    )
    items = (BeneficiaryView.of(r, r.beneficiary_id) for r in records)
    return BeneficiaryPage.of(items, total, limit, offset)


@router.post("/lookup", response_model=BeneficiaryView, responses={404: {}})
def find_by_national_id(
    body: NationalIdLookup, principal: Reader, beneficiaries: BeneficiaryReads
) -> BeneficiaryView:
    """Find a person by national ID, through a keyed hash (the ID is stored only sealed). A POST,
    so the ID never appears in a URL, and so never in a proxy's or an ingress's access log."""
    cin = body.cin.strip().upper()
    found = beneficiaries.find_by_national_id(cin)
    if found is None:
        raise not_found(BENEFICIARY, AggregateNotFoundError(cin))
    return show(found, principal, beneficiaries, None)


@router.get("/{beneficiary_id}", response_model=BeneficiaryView)
def show(
    beneficiary_id: UUID, principal: Reader, beneficiaries: BeneficiaryReads, as_of: AsOf = None
) -> BeneficiaryView:
    """One record; a merged record's id leads to the record that absorbed it."""
    app = beneficiaries

    def read() -> BeneficiaryRecord:
        resolved = app.resolve(beneficiary_id) if as_of is None else beneficiary_id
        return app.read_beneficiary(resolved, as_of)

    return BeneficiaryView.of(visible(principal, BENEFICIARY, read), beneficiary_id)


add_history(
    router,
    what=BENEFICIARY,
    id_name="beneficiary_id",
    use_case=beneficiary_views_of,
    load=BeneficiaryViews.beneficiary,
    doc="Every event of the record: what, when, who, why.",
)
