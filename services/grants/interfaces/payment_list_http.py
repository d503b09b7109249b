"""Payment lists over HTTP: a caseworker of the province draws one up (its count, total and
digest shown), approvers approve the digest they were shown; the approval that completes it
approves its lines' decisions and holds its total on the envelope (409 if it cannot)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from services.grants.application.decisions import NoDecision
from services.grants.application.payment_lists import NewPaymentList, PaymentLists
from services.grants.application.programmes import NoProgramme
from services.grants.domain.payment_list import PaymentList
from services.grants.interfaces.record_http import (
    AsOf,
    Code,
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
from shared.http.errors import invalid_request
from shared.http.pages import Page
from shared.http.params import Limit, Offset
from shared.http.relay import wake_relay
from shared.http.security import Reader, Writer

router = APIRouter(prefix="/payment-lists", tags=["payment lists"])


def _lists(request: Request) -> PaymentLists:
    lists: PaymentLists = request.app.state.payment_lists
    return lists


UseCase = Annotated[PaymentLists, Depends(_lists)]


class NewPaymentListBody(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    programme_id: UUID
    cycle: Code
    province_code: str = Field(min_length=1, max_length=8, examples=["LAR"])
    component: Code
    decision_ids: list[UUID] | None = Field(
        default=None, max_length=10_000, description="default: every proposal not yet listed"
    )


class Approval(BaseModel):
    model_config = ConfigDict(extra="forbid")

    digest: str = Field(pattern=r"^[0-9a-f]{64}$", description="the digest you were shown")
    reason: Reason | None = None


class LineRemoval(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision_id: UUID
    reason: Reason | None = None


class Withdrawal(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Reason | None = None


class LineView(BaseModel):
    decision_id: UUID
    subject_id: UUID
    amount: str | None


class PaymentListView(BaseModel):
    payment_list_id: UUID
    version: int
    programme_id: UUID
    cycle: str
    province_code: str
    component: str
    number: int
    count: int
    total: str
    digest: str
    drawn_up_by: str
    approvals_needed: int
    approvers: list[str]
    approved: bool
    frozen: bool
    withdrawn: bool
    lines: list[LineView]
    currency: str = "MAD"


class PaymentListPage(Page[PaymentListView]): ...


def payment_list_view(pl: PaymentList) -> PaymentListView:
    return PaymentListView(
        payment_list_id=pl.id,
        version=pl.version,
        programme_id=pl.programme_id,
        cycle=pl.cycle,
        province_code=pl.province_code,
        component=pl.component,
        number=pl.number,
        count=pl.count,
        total=amount_text(pl.total.centimes) or "0.00",
        digest=pl.digest,
        drawn_up_by=pl.drawn_up_by,
        approvals_needed=pl.approvals_needed,
        approvers=list(pl.approvers),
        approved=pl.is_approved,
        frozen=bool(pl.approvers),
        withdrawn=pl.withdrawn,
        lines=[
            LineView(
                decision_id=line.decision_id,
                subject_id=line.subject_id,
                amount=amount_text(line.amount_centimes),
            )
            for line in sorted(pl.lines.values(), key=lambda line: str(line.decision_id))
        ],
    )


@router.post("", status_code=201, response_model=PaymentListView, responses={409: {}})
def draw_up(
    body: NewPaymentListBody, principal: Writer, lists: UseCase, request: Request
) -> PaymentListView | JSONResponse:
    new = NewPaymentList(
        body.programme_id, body.cycle, body.province_code, body.component, body.decision_ids
    )
    with answering():
        try:
            drawn = lists.draw_up(new, actor_of(principal))
        except NoProgramme:
            return invalid_request([{"field": "programme_id", "message": "no such programme"}])
        except NoDecision as e:
            message = f"no such decision {e.decision_id}"
            return invalid_request([{"field": "decision_ids", "message": message}])
    wake_relay(request)
    return payment_list_view(drawn)


@router.get("", response_model=PaymentListPage)
def list_payment_lists(
    principal: Reader,
    lists: UseCase,
    province: Filter = None,
    programme_id: UUID | None = None,
    cycle: Filter = None,
    component: Filter = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> PaymentListPage:
    found, total = lists.find(
        list_scope(principal, province), programme_id=programme_id, cycle=cycle,
        component=component, limit=limit, offset=offset,
    )  # fmt: skip
    items = [payment_list_view(pl) for pl in found]
    return PaymentListPage(items=items, total=total, limit=limit, offset=offset)


@router.get("/{payment_list_id}", response_model=PaymentListView)
def show_payment_list(
    payment_list_id: UUID, principal: Reader, lists: UseCase, as_of: AsOf = None
) -> PaymentListView:
    with answering():
        found = lists.payment_list(payment_list_id, as_of=as_of)
    may_read(principal, found.province_code)
    return payment_list_view(found)


@router.get("/{payment_list_id}/history", response_model=HistoryView)
def payment_list_history(payment_list_id: UUID, principal: Reader, lists: UseCase) -> HistoryView:
    with answering():
        may_read(principal, lists.payment_list(payment_list_id).province_code)
    return history_view(payment_list_id, lists.history(payment_list_id))


@router.post("/{payment_list_id}/approvals", response_model=PaymentListView)
def approve(
    payment_list_id: UUID, body: Approval, principal: Reader, lists: UseCase, request: Request
) -> PaymentListView:
    """Approve the list as shown (its digest); the approval that completes it (one, or two
    for flood relief) approves every line's decision and holds the total on the envelope."""
    with answering():
        approved = lists.approve(
            payment_list_id, actor_of(principal), digest=body.digest, reason=body.reason
        )
    wake_relay(request)
    return payment_list_view(approved)


@router.post("/{payment_list_id}/removals", response_model=PaymentListView, responses={409: {}})
def remove_line(
    payment_list_id: UUID, body: LineRemoval, principal: Reader, lists: UseCase, request: Request
) -> PaymentListView:
    """Before the first approval, a caseworker of the province takes a line out, with a reason:
    its decision was cancelled since (an approval of a list with such a line is refused, 409
    on `lines`), or it was listed by mistake. The line is free for another list."""
    with answering():
        changed = lists.remove_line(
            payment_list_id, body.decision_id, actor_of(principal), reason=body.reason
        )
    wake_relay(request)
    return payment_list_view(changed)


@router.post("/{payment_list_id}/withdrawal", response_model=PaymentListView, responses={409: {}})
def withdraw(
    payment_list_id: UUID, body: Withdrawal, principal: Reader, lists: UseCase, request: Request
) -> PaymentListView:
    """An approver of the province gives up a list not yet approved in full (frozen by a first
    approval, then a line's decision was cancelled): nothing was held for it, and its lines may
    go in a new list."""
    with answering():
        withdrawn = lists.withdraw(payment_list_id, actor_of(principal), reason=body.reason)
    wake_relay(request)
    return payment_list_view(withdrawn)
