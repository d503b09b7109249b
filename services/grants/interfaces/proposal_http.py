"""The proposals over HTTP: `GET /proposals`, those in the caller's provinces (a province
asked outside them is 403), for a programme (by code) and in a status, a page at a time."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

from services.grants.application.proposal_reads import ProposalReads
from services.grants.domain.decision import Decision
from services.grants.domain.decision_rules import DecisionStatus
from services.grants.domain.programme import Programme
from shared.http.params import Limit, Offset
from shared.http.security import Reader

router = APIRouter(prefix="/proposals", tags=["proposals"])


def _reads(request: Request) -> ProposalReads:
    reads: ProposalReads = request.app.state.proposal_reads
    return reads


Reads = Annotated[ProposalReads, Depends(_reads)]
ProvinceCode = Annotated[str | None, Query(min_length=1, max_length=8, examples=["LAR"])]
ProgrammeCode = Annotated[
    str | None, Query(min_length=1, max_length=64, examples=["flood-relief-2026-02"])
]


class ProposalView(BaseModel):
    decision_id: UUID
    programme_id: UUID
    cycle: str
    component: str
    subject_id: UUID
    province_code: str
    amount: str | None  # MAD with two decimals; None: in kind
    currency: str = "MAD"
    items: list[str]
    status: DecisionStatus
    proposed_by: str
    needs_second_approval: bool
    disability_type_attested: bool  # by the proposer; the type itself is never kept


class ProposalPageView(BaseModel):
    items: list[ProposalView]
    total: int
    limit: int
    offset: int


def _view(d: Decision) -> ProposalView:
    amount = d.amount
    return ProposalView(
        decision_id=d.id,
        programme_id=d.programme_id,
        cycle=d.cycle,
        component=d.component,
        subject_id=d.subject_id,
        province_code=d.province_code,
        amount=None if amount is None else f"{amount.to_decimal():.2f}",
        items=list(d.items),
        status=d.status,
        proposed_by=d.proposed_by,
        needs_second_approval=d.needs_second_approval,
        disability_type_attested=d.disability_type_attested,
    )


@router.get("", response_model=ProposalPageView)
def list_proposals(
    principal: Reader,
    reads: Reads,
    province: ProvinceCode = None,
    programme: ProgrammeCode = None,
    status: DecisionStatus | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> ProposalPageView:
    """Proposals, oldest first: grants' own from intake's events and caseworkers'."""
    page = reads.proposals(
        provinces=principal.list_scope(province),
        programme_id=None if programme is None else Programme.create_id(programme),
        status=status,
        limit=limit,
        offset=offset,
    )
    return ProposalPageView(
        items=[_view(d) for d in page.decisions], total=page.total, limit=limit, offset=offset
    )
