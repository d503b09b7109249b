"""Decisions over HTTP: read them (lists with filters and pages, history, "as of"), and take
the four-eyes steps: approve, authorise, reject, appeal, decide the appeal."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from services.grants.application.decisions import Decisions
from services.grants.application.ports import DecisionQuery
from services.grants.domain.decision import Decision
from services.grants.domain.decision_rules import DecisionStatus
from services.grants.interfaces.record_http import (
    AsOf,
    Filter,
    HistoryView,
    Reason,
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
from shared.http.security import Reader

router = APIRouter(prefix="/decisions", tags=["decisions"])


def _decisions(request: Request) -> Decisions:
    decisions: Decisions = request.app.state.decisions
    return decisions


UseCase = Annotated[Decisions, Depends(_decisions)]


class DecisionView(BaseModel):
    decision_id: UUID
    version: int
    programme_id: UUID
    cycle: str
    component: str
    subject_id: UUID
    province_code: str
    amount: str | None
    items: list[str]
    status: DecisionStatus
    needs_second_approval: bool
    disability_type_attested: bool = Field(
        description="the proposer attested the person's type of disability is one the "
        "programme serves (who, when and why: the proposal in the history)"
    )
    proposed_by: str
    approved_by: list[str]
    rejected_by: str | None
    appealed: bool
    payment_list_id: UUID | None
    currency: str = "MAD"


class DecisionPage(Page[DecisionView]): ...


class Step(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Reason | None = None


class ReasonedStep(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Reason


class AppealDecision(BaseModel):
    model_config = ConfigDict(extra="forbid")

    uphold: bool = Field(description="true: upheld (counts as the approval); false: dismissed")
    reason: Reason


def decision_view(d: Decision) -> DecisionView:
    return DecisionView(
        decision_id=d.id,
        version=d.version,
        programme_id=d.programme_id,
        cycle=d.cycle,
        component=d.component,
        subject_id=d.subject_id,
        province_code=d.province_code,
        amount=amount_text(d.amount_centimes),
        items=list(d.items),
        status=d.status,
        needs_second_approval=d.needs_second_approval,
        disability_type_attested=d.disability_type_attested,
        proposed_by=d.proposed_by,
        approved_by=list(d.approved_by),
        rejected_by=d.rejected_by,
        appealed=d.appealed,
        payment_list_id=d.payment_list_id,
    )


@router.get("", response_model=DecisionPage)
def list_decisions(
    principal: Reader,
    decisions: UseCase,
    province: Filter = None,
    programme_id: UUID | None = None,
    cycle: Filter = None,
    component: Filter = None,
    status: DecisionStatus | None = None,
    subject_id: UUID | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> DecisionPage:
    query = DecisionQuery(
        list_scope(principal, province), programme_id, cycle, component, status, subject_id,
        limit, offset,
    )  # fmt: skip
    found = decisions.find(query)
    items = [decision_view(d) for d in found.decisions]
    return DecisionPage(items=items, total=found.total, limit=limit, offset=offset)


@router.get("/{decision_id}", response_model=DecisionView)
def show_decision(
    decision_id: UUID, principal: Reader, decisions: UseCase, as_of: AsOf = None
) -> DecisionView:
    with answering():
        found = decisions.decision(decision_id, as_of=as_of)
    may_read(principal, found.province_code)
    return decision_view(found)


@router.get("/{decision_id}/history", response_model=HistoryView)
def decision_history(decision_id: UUID, principal: Reader, decisions: UseCase) -> HistoryView:
    with answering():
        may_read(principal, decisions.decision(decision_id).province_code)
    return history_view(decision_id, decisions.history(decision_id))


@router.post("/{decision_id}/approve", response_model=DecisionView)
def approve(
    decision_id: UUID, body: Step, principal: Reader, decisions: UseCase, request: Request
) -> DecisionView:
    """An approver of the province other than the proposer. A cash decision that this makes
    approved holds its amount on its envelope (409 if the envelope cannot cover it)."""
    with answering():
        found = decisions.approve(decision_id, actor_of(principal), reason=body.reason)
    wake_relay(request)
    return decision_view(found)


@router.post("/{decision_id}/authorise", response_model=DecisionView)
def authorise(
    decision_id: UUID, body: Step, principal: Reader, decisions: UseCase, request: Request
) -> DecisionView:
    """The second approval above the programme's threshold, by a third user."""
    with answering():
        found = decisions.authorise(decision_id, actor_of(principal), reason=body.reason)
    wake_relay(request)
    return decision_view(found)


@router.post("/{decision_id}/reject", response_model=DecisionView)
def reject(
    decision_id: UUID, body: ReasonedStep, principal: Reader, decisions: UseCase,
    request: Request,
) -> DecisionView:  # fmt: skip
    with answering():
        found = decisions.reject(decision_id, actor_of(principal), reason=body.reason)
    wake_relay(request)
    return decision_view(found)


@router.post("/{decision_id}/appeal", response_model=DecisionView)
def appeal(
    decision_id: UUID, body: ReasonedStep, principal: Reader, decisions: UseCase,
    request: Request,
) -> DecisionView:  # fmt: skip
    """A caseworker of the province records the applicant's one appeal of a rejection."""
    with answering():
        found = decisions.appeal(decision_id, actor_of(principal), reason=body.reason)
    wake_relay(request)
    return decision_view(found)


@router.post("/{decision_id}/appeal-decision", response_model=DecisionView)
def decide_appeal(
    decision_id: UUID, body: AppealDecision, principal: Reader, decisions: UseCase,
    request: Request,
) -> DecisionView:  # fmt: skip
    """By an approver other than the one who rejected it."""
    with answering():
        found = decisions.decide_appeal(
            decision_id, actor_of(principal), uphold=body.uphold, reason=body.reason
        )
    wake_relay(request)
    return decision_view(found)
