"""Orders and reconciliation exceptions over HTTP: everyone who reads grants lists and shows
orders (in their provinces) with their history; approvers and admins resolve exceptions; a
caseworker of the province confirms an in-kind delivery. Parse, call one use case, shape."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status

from services.grants.application.disbursements import Disbursements, NoOrder, Order
from services.grants.application.order_reads import (
    NoStatementException,
    OrderFilter,
    OrderReads,
)
from services.grants.domain.actors import Actor
from services.grants.domain.decision_rules import AccessRule
from services.grants.domain.statement_records import StatementException
from services.grants.interfaces.order_views import (
    DeliveryConfirmation,
    ExceptionPage,
    ExceptionView,
    OrderPage,
    OrderView,
    Resolution,
    exception_view,
    history_of,
    order_view,
)
from services.grants.interfaces.record_http import AsOf, HistoryView
from shared.auth import NotAllowed, Principal, Role
from shared.http.params import Limit, Offset
from shared.http.security import Reader, Writer, require_role
from shared.rules import BusinessRuleBroken

router = APIRouter(tags=["orders and reconciliation"])
Resolver = Annotated[Principal, Depends(require_role(Role.APPROVER, Role.ADMIN))]


def _reads(request: Request) -> OrderReads:
    reads: OrderReads = request.app.state.order_reads
    return reads


def _disbursements(request: Request) -> Disbursements:
    found: Disbursements = request.app.state.disbursements
    return found


Reads = Annotated[OrderReads, Depends(_reads)]
Paying = Annotated[Disbursements, Depends(_disbursements)]


def _actor(p: Principal) -> Actor:
    return Actor(p.subject, frozenset(str(r) for r in p.roles), p.provinces)


def _order(
    reads: OrderReads, principal: Principal, order_id: UUID, as_of: datetime | None = None
) -> Order:
    try:
        found = reads.order(order_id, as_of=as_of)
    except NoOrder as e:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="no such order") from e
    if principal.list_scope(None) is not None:
        principal.require_province(found.province_code)
    return found


def _refused(e: BusinessRuleBroken) -> Exception:
    return NotAllowed(str(e)) if isinstance(e.rule, AccessRule) else e


@router.get("/orders", response_model=OrderPage)
def list_orders(
    principal: Reader,
    reads: Reads,
    programme_id: UUID | None = None,
    cycle: Annotated[str | None, Query(max_length=64)] = None,
    province_code: Annotated[str | None, Query(max_length=8)] = None,
    order_status: Annotated[str | None, Query(alias="status", max_length=16)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> OrderPage:
    where = OrderFilter(programme_id, cycle, principal.list_scope(province_code), order_status)
    items, total = reads.orders(where, limit=limit, offset=offset)
    return OrderPage(items=[order_view(o) for o in items], total=total, limit=limit, offset=offset)


@router.get("/orders/{order_id}", response_model=OrderView)
def show_order(order_id: UUID, principal: Reader, reads: Reads, as_of: AsOf = None) -> OrderView:
    return order_view(_order(reads, principal, order_id, as_of))


@router.get("/orders/{order_id}/history", response_model=HistoryView)
def order_history(order_id: UUID, principal: Reader, reads: Reads) -> HistoryView:
    """Every event of the order, oldest first; an instalment's event names its instalment."""
    _order(reads, principal, order_id)
    return history_of(order_id, reads.history(order_id))


@router.post("/orders/{order_id}/delivery", response_model=OrderView, responses={409: {}})
def confirm_delivery(
    order_id: UUID, body: DeliveryConfirmation, principal: Writer, reads: Reads, paying: Paying
) -> OrderView:
    _order(reads, principal, order_id)
    try:
        return order_view(paying.confirm_delivery(order_id, _actor(principal), reason=body.reason))
    except NoOrder as e:
        raise HTTPException(status.HTTP_409_CONFLICT, detail="not an in-kind order") from e
    except BusinessRuleBroken as e:
        raise _refused(e) from e


@router.get("/reconciliation-exceptions", response_model=ExceptionPage)
def list_exceptions(
    principal: Reader,
    reads: Reads,
    province_code: Annotated[str | None, Query(max_length=8)] = None,
    exception_status: Annotated[
        str | None, Query(alias="status", pattern="^(open|resolved)$")
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> ExceptionPage:
    items, total = reads.exceptions(
        status=exception_status,
        provinces=principal.list_scope(province_code),
        limit=limit,
        offset=offset,
    )
    return ExceptionPage(
        items=[exception_view(e) for e in items], total=total, limit=limit, offset=offset
    )


def _exception(
    reads: OrderReads, principal: Principal, exception_id: UUID, as_of: datetime | None = None
) -> StatementException:
    try:
        found = reads.exception(exception_id, as_of=as_of)
    except NoStatementException as e:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="no such exception") from e
    if principal.list_scope(None) is not None:
        principal.require_province(found.province_code or "")
    return found


@router.get("/reconciliation-exceptions/{exception_id}", response_model=ExceptionView)
def show_exception(
    exception_id: UUID, principal: Reader, reads: Reads, as_of: AsOf = None
) -> ExceptionView:
    """One statement line set aside for a person; an unknown reference has no province, and
    only readers of every province see it."""
    return exception_view(_exception(reads, principal, exception_id, as_of))


@router.get("/reconciliation-exceptions/{exception_id}/history", response_model=HistoryView)
def exception_history(exception_id: UUID, principal: Reader, reads: Reads) -> HistoryView:
    _exception(reads, principal, exception_id)
    return history_of(exception_id, reads.history(exception_id))


@router.post(
    "/reconciliation-exceptions/{exception_id}/resolution",
    response_model=ExceptionView,
    responses={409: {}},
)
def resolve_exception(
    exception_id: UUID, body: Resolution, principal: Resolver, reads: Reads
) -> ExceptionView:
    try:
        return exception_view(reads.resolve(exception_id, _actor(principal), reason=body.reason))
    except NoStatementException as e:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="no such exception") from e
    except BusinessRuleBroken as e:
        raise _refused(e) from e
