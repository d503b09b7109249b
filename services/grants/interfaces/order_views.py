"""What the order and reconciliation routes answer: orders with their instalments,
history entries, exceptions, and the pages of each (amounts as decimal strings in MAD)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from pydantic import BaseModel, ConfigDict, Field

from services.grants.application.disbursements import Order
from services.grants.domain.order import PaymentOrder
from services.grants.domain.statement_records import StatementException
from services.grants.interfaces.record_http import HistoryEntryView, HistoryView
from shared.http.pages import Page

Reason = Field(min_length=1, max_length=500)


class InstalmentView(BaseModel):
    number: int
    amount: str
    status: str
    provider_reference: str | None
    attempts: int


class OrderView(BaseModel):
    order_id: UUID
    form: str  # cash or in_kind
    decision_id: UUID
    programme_id: UUID
    cycle: str
    component: str
    subject_id: UUID
    province_code: str
    status: str
    version: int
    amount: str | None
    paid: str | None
    instalments: list[InstalmentView]
    items: list[str]
    delivered_by: str | None
    currency: str = "MAD"


class OrderPage(Page[OrderView]): ...


class ExceptionView(BaseModel):
    exception_id: UUID
    statement_id: str
    line_number: int
    kind: str
    explanation: str
    reference: str
    amount: str
    line_status: str
    reason: str | None
    order_id: UUID | None
    province_code: str | None
    status: str
    resolved_by: str | None
    resolution: str | None


class ExceptionPage(Page[ExceptionView]): ...


class Resolution(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Reason


class DeliveryConfirmation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str | None = Field(default=None, max_length=500)


def mad(centimes: int) -> str:
    return f"{centimes // 100}.{centimes % 100:02d}"


def order_view(o: Order) -> OrderView:
    cash = isinstance(o, PaymentOrder)
    return OrderView(
        order_id=o.id,
        form="cash" if cash else "in_kind",
        decision_id=o.decision_id,
        programme_id=o.programme_id,
        cycle=o.cycle,
        component=o.component,
        subject_id=o.subject_id,
        province_code=o.province_code,
        status=o.status,
        version=o.version,
        amount=mad(o.amount.centimes) if isinstance(o, PaymentOrder) else None,
        paid=mad(o.paid.centimes) if isinstance(o, PaymentOrder) else None,
        instalments=[
            InstalmentView(
                number=n,
                amount=mad(i.amount_centimes),
                status=str(i.status),
                provider_reference=i.provider_reference,
                attempts=i.attempts,
            )
            for n, i in enumerate(o.instalments if isinstance(o, PaymentOrder) else (), 1)
        ],
        items=[] if isinstance(o, PaymentOrder) else list(o.items),
        delivered_by=None if isinstance(o, PaymentOrder) else o.delivered_by,
    )


def exception_view(e: StatementException) -> ExceptionView:
    return ExceptionView(
        exception_id=e.id,
        statement_id=e.statement_id,
        line_number=e.line_number,
        kind=e.kind,
        explanation=e.explanation,
        reference=e.reference,
        amount=mad(e.amount_centimes),
        line_status=e.line_status,
        reason=e.reason,
        order_id=e.order_id,
        province_code=e.province_code,
        status=e.status,
        resolved_by=e.resolved_by,
        resolution=e.resolution,
    )


def history_of(record_id: UUID, events: Iterable[Aggregate.Event]) -> HistoryView:
    """A record's events in the shape of every record's history (what, when, who, why); an
    instalment's event names its instalment."""
    entries = []
    for e in events:
        said: dict[str, Any] = e.__dict__
        what = type(e).__name__
        if "instalment" in said:
            what = f"{what} (instalment {said['instalment']})"
        entries.append(
            HistoryEntryView(
                version=e.originator_version,
                what=what,
                when=e.timestamp,
                who=said.get("actor"),
                why=said.get("reason"),
            )
        )
    return HistoryView(id=record_id, events=entries)
