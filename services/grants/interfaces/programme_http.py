"""Programmes over HTTP: everyone with a role reads them (with history and "as of"); admins
open cycles and change ceilings and thresholds, each with a reason."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict

from services.grants.application.programmes import ProgrammeCatalogue
from services.grants.domain.programme import Programme
from services.grants.interfaces.record_http import (
    AmountText,
    AsOf,
    Code,
    HistoryView,
    Reason,
    amount_text,
    answering,
    history_view,
)
from shared.http.pages import Page
from shared.http.params import Limit, Offset
from shared.http.security import Admin, Reader
from shared.money import Money

router = APIRouter(prefix="/programmes", tags=["programmes"])


def _catalogue(request: Request) -> ProgrammeCatalogue:
    catalogue: ProgrammeCatalogue = request.app.state.programmes
    return catalogue


Catalogue = Annotated[ProgrammeCatalogue, Depends(_catalogue)]


class EntitlementView(BaseModel):
    when: str
    amount: str | None


class ComponentView(BaseModel):
    code: str
    name: str
    entitlements: list[EntitlementView]
    items: list[str]


class ProgrammeView(BaseModel):
    programme_id: UUID
    version: int
    code: str
    name: str
    kind: str
    form: str
    cycle_kind: str
    # What makes grants propose by itself: intake's records alone (impact), or a household's
    # claim checked against them (claim).
    trigger: str
    components: list[ComponentView]
    open_cycles: list[str]
    ceiling: str | None
    second_approval_above: str | None
    payment_list_approvals: int
    categories: list[str]
    disability_types: list[str]
    disaster: str | None
    declared_provinces: list[str]
    institution_licensing: list[str]
    association_fields: list[str]
    currency: str = "MAD"


class ProgrammePage(Page[ProgrammeView]): ...


class NewCycle(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    cycle: Code
    reason: Reason


class NewCeiling(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ceiling: AmountText
    reason: Reason


class NewThreshold(BaseModel):
    model_config = ConfigDict(extra="forbid")

    second_approval_above: AmountText | None
    reason: Reason


def programme_view(p: Programme) -> ProgrammeView:
    t, rules = p.terms, p.terms.eligibility
    return ProgrammeView(
        programme_id=p.id,
        version=p.version,
        code=t.code,
        name=t.name,
        kind=str(t.kind),
        form=str(t.form),
        cycle_kind=str(t.cycle_kind),
        trigger=str(t.trigger),
        components=[
            ComponentView(
                code=c.code,
                name=c.name,
                entitlements=[
                    EntitlementView(when=str(e.when), amount=amount_text(e.amount_centimes))
                    for e in c.entitlements
                ],
                items=list(c.items),
            )
            for c in t.components
        ],
        open_cycles=list(p.open_cycles),
        ceiling=amount_text(t.ceiling_centimes),
        second_approval_above=amount_text(t.second_approval_above_centimes),
        payment_list_approvals=t.payment_list_approvals,
        categories=sorted(rules.categories),
        disability_types=sorted(rules.disability_types),
        disaster=rules.disaster,
        declared_provinces=sorted(rules.declared_provinces),
        institution_licensing=sorted(rules.institution_licensing),
        association_fields=sorted(rules.association_fields),
    )


@router.get("", response_model=ProgrammePage)
def list_programmes(
    _: Reader, catalogue: Catalogue, limit: Limit = 50, offset: Offset = 0
) -> ProgrammePage:
    found = catalogue.all()
    page = [programme_view(p) for p in found[offset : offset + limit]]
    return ProgrammePage(items=page, total=len(found), limit=limit, offset=offset)


@router.get("/{programme_id}", response_model=ProgrammeView)
def show_programme(
    programme_id: UUID, _: Reader, catalogue: Catalogue, as_of: AsOf = None
) -> ProgrammeView:
    with answering():
        return programme_view(catalogue.programme(programme_id, as_of=as_of))


@router.get("/{programme_id}/history", response_model=HistoryView)
def programme_history(programme_id: UUID, _: Reader, catalogue: Catalogue) -> HistoryView:
    with answering():
        catalogue.programme(programme_id)
    return history_view(programme_id, catalogue.history(programme_id))


@router.post("/{programme_id}/cycles", status_code=201, response_model=ProgrammeView)
def open_cycle(
    programme_id: UUID, body: NewCycle, principal: Admin, catalogue: Catalogue
) -> ProgrammeView:
    """Open a cycle: a fiscal year ("2021"), a month ("2026-03") or the programme's disaster."""
    with answering():
        programme = catalogue.open_cycle(
            programme_id, body.cycle, actor=principal.subject, reason=body.reason
        )
    return programme_view(programme)


@router.put("/{programme_id}/ceiling", response_model=ProgrammeView)
def change_ceiling(
    programme_id: UUID, body: NewCeiling, principal: Admin, catalogue: Catalogue
) -> ProgrammeView:
    with answering():
        programme = catalogue.change_ceiling(
            programme_id, Money.mad(body.ceiling), actor=principal.subject, reason=body.reason
        )
    return programme_view(programme)


@router.put("/{programme_id}/second-approval-threshold", response_model=ProgrammeView)
def change_second_approval_threshold(
    programme_id: UUID, body: NewThreshold, principal: Admin, catalogue: Catalogue
) -> ProgrammeView:
    """Decisions above it need a second approval (authorisation) by a third user; null: none.
    Decisions already proposed keep the threshold they were proposed under."""
    threshold = body.second_approval_above
    with answering():
        programme = catalogue.change_second_approval_threshold(
            programme_id,
            None if threshold is None else Money.mad(threshold),
            actor=principal.subject,
            reason=body.reason,
        )
    return programme_view(programme)
