"""Timeline entries for grants' decisions and orders, on the timeline of their subject (the
person, household, institution or association `subject_id` names). A proposal or an issued
order says its subject; the steps after it name only the decision or the order, so both are
kept (`ABOUT`) to place them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from services.reporting.application.projecting import On
from services.reporting.application.projections.timeline_entries import (
    ABOUT,
    id_of,
    money,
    record,
)
from services.reporting.application.rows import Rows
from shared.contracts import Envelope
from shared.contracts.grants_decisions import (
    DECISIONS_TOPIC,
    DecisionAmendedV1,
    DecisionAppealDecidedV1,
    DecisionAppealedV1,
    DecisionApprovedInListV1,
    DecisionApprovedV1,
    DecisionAuthorisedV1,
    DecisionCancelledV1,
    DecisionProposedV1,
    DecisionRejectedV1,
)
from shared.contracts.grants_orders import (
    ORDERS_TOPIC,
    DeliveryConfirmedV1,
    DeliveryFailedV1,
    DeliveryOrderIssuedV1,
    DeliveryRetriedV1,
    PaymentConfirmedV1,
    PaymentFailedV1,
    PaymentOrderIssuedV1,
    PaymentRetriedV1,
    PaymentReversedV1,
    PaymentSentV1,
)

Summary = Callable[[Any], str]


def opened(topic: str, record_id: str, summary: Summary) -> On:
    """A proposal or an order: its subject from now on, and the first entry."""

    def handle(p: BaseModel, envelope: Envelope, rows: Rows) -> None:
        key, subject = id_of(p, record_id), id_of(p, "subject_id")
        province = id_of(p, "province_code")
        rows.put(ABOUT.name, key, {"subject_id": subject, "province_code": province})
        record(rows, envelope, topic, subject, summary(p), province)

    return On(handle, lambda p: [(ABOUT.name, id_of(p, record_id))])


def step(topic: str, record_id: str, summary: Summary) -> On:
    """A later step of a decision or an order, on its subject's timeline."""

    def handle(p: BaseModel, envelope: Envelope, rows: Rows) -> None:
        about = rows.get(ABOUT.name, id_of(p, record_id))
        if about is None:
            return  # of one whose proposal or order never came (dead-lettered): left out
        subject, province = str(about["subject_id"]), about["province_code"]
        record(rows, envelope, topic, subject, summary(p), str(province))

    return On(handle, lambda p: [(ABOUT.name, id_of(p, record_id))])


def _proposed(p: DecisionProposedV1) -> str:
    return f"decision proposed {money(p.amount)} ({p.component}, {p.cycle})"


def _payment_order(p: PaymentOrderIssuedV1) -> str:
    return (
        f"payment order issued {money(p.amount)} in {len(p.instalments)} instalment(s) "
        f"({p.component})"
    )


def _instalment(what: str) -> Summary:
    return lambda p: f"instalment {p.instalment} {what}"


D, ORD = DECISIONS_TOPIC, ORDERS_TOPIC

HANDLERS: dict[str, On] = {
    DecisionProposedV1.TYPE: opened(D, "decision_id", _proposed),
    DecisionApprovedV1.TYPE: step(D, "decision_id", lambda _: "decision approved"),
    DecisionAuthorisedV1.TYPE: step(D, "decision_id", lambda _: "decision authorised"),
    DecisionApprovedInListV1.TYPE: step(
        D, "decision_id", lambda p: f"decision approved in payment list {p.payment_list_id}"
    ),
    DecisionRejectedV1.TYPE: step(D, "decision_id", lambda _: "decision rejected"),
    DecisionAppealedV1.TYPE: step(D, "decision_id", lambda _: "decision appealed"),
    DecisionAppealDecidedV1.TYPE: step(D, "decision_id", lambda p: f"appeal {p.outcome}"),
    DecisionCancelledV1.TYPE: step(D, "decision_id", lambda _: "decision cancelled"),
    DecisionAmendedV1.TYPE: step(
        D, "decision_id", lambda p: f"decision amended: {money(p.amount)}"
    ),
    PaymentOrderIssuedV1.TYPE: opened(ORD, "order_id", _payment_order),
    DeliveryOrderIssuedV1.TYPE: opened(
        ORD, "order_id", lambda p: f"delivery order issued ({p.component})"
    ),
    PaymentSentV1.TYPE: step(ORD, "order_id", _instalment("sent")),
    PaymentConfirmedV1.TYPE: step(ORD, "order_id", _instalment("paid")),
    PaymentFailedV1.TYPE: step(ORD, "order_id", _instalment("failed")),
    PaymentRetriedV1.TYPE: step(ORD, "order_id", _instalment("retried")),
    PaymentReversedV1.TYPE: step(ORD, "order_id", _instalment("reversed")),
    DeliveryConfirmedV1.TYPE: step(ORD, "order_id", lambda _: "delivery confirmed"),
    DeliveryFailedV1.TYPE: step(ORD, "order_id", lambda _: "delivery failed"),
    DeliveryRetriedV1.TYPE: step(ORD, "order_id", lambda _: "delivery retried"),
}
