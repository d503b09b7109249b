"""Paying over HTTP: an approver of the list's province (or an admin) issues an approved list's
orders and sends its cash orders to the payment provider as one batch; an approver or admin
retries a failed payment; an admin receives the provider's statements. Every step may be
asked again and answers what is already done. Parse, call one use case, shape."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, HTTPException, Request, Response, status
from pydantic import BaseModel, ConfigDict, Field

from services.grants.application.disbursement_ports import RecordsChangedMeanwhile
from services.grants.application.disbursements import NoOrder, Sent
from services.grants.application.list_payments import ListPayments
from services.grants.interfaces.order_views import OrderView, mad, order_view
from services.grants.interfaces.record_http import actor_of, answering
from shared.auth import Principal, Role
from shared.http.relay import wake_relay
from shared.http.security import Admin, require_role

router = APIRouter(tags=["paying"])
Payer = Annotated[Principal, Depends(require_role(Role.APPROVER, Role.ADMIN))]
REFUSED: dict[int | str, dict[str, Any]] = {404: {}, 409: {}}


def _paying(request: Request) -> ListPayments:
    found: ListPayments = request.app.state.list_payments
    return found


UseCase = Annotated[ListPayments, Depends(_paying)]


class ListOrdersView(BaseModel):
    payment_list_id: UUID
    issued: int = Field(description="orders issued by this call")
    already_issued: int = Field(description="orders found issued before (a repeated call)")
    orders: list[OrderView]


class BatchView(BaseModel):
    batch_id: UUID
    message_id: str
    transactions: int
    control_sum: str
    currency: str = "MAD"


class SendingView(BaseModel):
    batches: list[BatchView] = Field(description="batches the provider received from this call")
    already_submitted: list[UUID] = Field(description="batches the provider already had")
    marked_sent: int = Field(description="payments marked sent by this call")


class ListSendingView(SendingView):
    payment_list_id: UUID


class RetryBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str | None = Field(default=None, min_length=1, max_length=500)


class RetryView(SendingView):
    instalment: int
    order: OrderView


class ReceiptView(BaseModel):
    statements: int = Field(description="statements the provider offered")
    applied: int = Field(description="statements applied by this call")
    already_applied: int = Field(description="statements applied before, only acknowledged")
    confirmed: int
    failed: int
    reversed: int
    exceptions: int = Field(description="lines left for a person (reconciliation exceptions)")


def _sending(sent: Sent) -> dict[str, Any]:
    return {
        "batches": [
            BatchView(
                batch_id=s.payment_list_id,
                message_id=s.message_id,
                transactions=s.number_of_transactions,
                control_sum=mad(s.control_sum.centimes),
            )
            for s in sent.submissions
        ],
        "already_submitted": list(sent.already_submitted),
        "marked_sent": sent.marked,
    }


@router.post(
    "/payment-lists/{payment_list_id}/orders",
    status_code=201,
    response_model=ListOrdersView,
    responses={200: {"model": ListOrdersView, "description": "issued before"}, **REFUSED},
)
def issue_orders(
    payment_list_id: UUID, principal: Payer, paying: UseCase, request: Request, response: Response
) -> ListOrdersView:
    """An order per line of the approved list (201); asked again, the same orders (200)."""
    with answering():
        done = paying.issue_orders(payment_list_id, actor_of(principal))
    if not done.issued.issued:
        response.status_code = status.HTTP_200_OK
    wake_relay(request)
    return ListOrdersView(
        payment_list_id=payment_list_id,
        issued=len(done.issued.issued),
        already_issued=len(done.issued.already),
        orders=[order_view(o) for o in done.orders],
    )


@router.post(
    "/payment-lists/{payment_list_id}/sending", response_model=ListSendingView, responses=REFUSED
)
def send_list(
    payment_list_id: UUID, principal: Payer, paying: UseCase, request: Request
) -> ListSendingView:
    """The list's cash orders not sent yet, to the provider as one batch; asked again, nothing
    is left to send and no second batch leaves."""
    with answering():
        try:
            done = paying.send(payment_list_id, actor_of(principal))
        except RecordsChangedMeanwhile as e:
            raise HTTPException(status.HTTP_409_CONFLICT, detail="sent meanwhile; retry") from e
    wake_relay(request)
    return ListSendingView(payment_list_id=payment_list_id, **_sending(done.sent))


@router.post("/orders/{order_id}/retry", response_model=RetryView, responses=REFUSED)
def retry_order(
    order_id: UUID,
    principal: Payer,
    paying: UseCase,
    request: Request,
    body: RetryBody | None = None,
) -> RetryView:
    """The order's failed payment, retried and sent again on its own (409 if none failed)."""
    with answering():
        try:
            reason = body.reason if body else None
            done = paying.retry(order_id, actor_of(principal), reason=reason)
        except NoOrder as e:
            raise HTTPException(status.HTTP_404_NOT_FOUND, detail="no such order") from e
        except RecordsChangedMeanwhile as e:
            raise HTTPException(status.HTTP_409_CONFLICT, detail="retried meanwhile") from e
    wake_relay(request)
    return RetryView(
        instalment=done.instalment, order=order_view(done.order), **_sending(done.sent)
    )


@router.post("/statements/receipt", response_model=ReceiptView, responses={409: {}})
def receive_statements(principal: Admin, paying: UseCase, request: Request) -> ReceiptView:
    """What the provider has sent since, applied to the orders and envelopes, each once."""
    with answering():
        outcomes = paying.receive_statements(actor_of(principal))
    wake_relay(request)
    applied = [o for o in outcomes if o.applied]
    return ReceiptView(
        statements=len(outcomes),
        applied=len(applied),
        already_applied=len(outcomes) - len(applied),
        confirmed=sum(o.confirmed for o in applied),
        failed=sum(o.failed for o in applied),
        reversed=sum(o.reversed for o in applied),
        exceptions=sum(o.exceptions for o in applied),
    )
