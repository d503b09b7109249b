"""Grants' orders (`grants.orders`): each payment or delivery order and where it stands
(domain/orders.py says how its instalments make its status), and the instalments that need
a person: reconciliation's exceptions as far as the published streams tell them.

Grants keeps its reconciliation exceptions to itself (`StatementException` is `KEPT_IN`:
services/grants/interfaces/publishing.py), so reporting cannot list them as grants does. What
the orders do tell is listed instead: an instalment failed and not retried since (it cannot
be confirmed without a retry), and a payment reversed after it was confirmed (grants raises an
exception for every reversal; its resolution is not published, so a reversal stays listed).
The reason is the event's (the provider's ISO return code and text, "AC04 Compte clôturé":
about the account, never the person).
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from services.reporting.application.projecting import On, Projection
from services.reporting.application.projections import programmes
from services.reporting.application.reports import Measure, Op, Report
from services.reporting.application.rows import Rows
from services.reporting.domain.cycles import year_of
from services.reporting.domain.history import Field, Kind, Value, centimes
from services.reporting.domain.orders import (
    AFTER_STEP,
    DELIVERY_AFTER_STEP,
    ISSUED,
    Instalments,
    InstalmentStatus,
)
from shared.contracts import Envelope
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

ORDER = Kind(
    "order",
    (
        Field("decision_id", str, 36),
        Field("programme_id", str, 36),
        Field("cycle", str, 80),
        Field("year", int),  # the cycle's (none for a disaster's)
        Field("component", str, 40),
        Field("province_code", str, 8),
        Field("form", str, 8),  # cash, in_kind
        Field("status", str, 16),
        Field("amount", int, money=True),  # None in kind
        Field("paid", int, money=True),
        Field("amounts", str, 255),  # each instalment's, in centimes: "150000,150000"
        Field("instalments", str, 255),  # each instalment's status: "confirmed,pending"
    ),
)
# An instalment that needs a person, while it does (the row ends when it is retried).
EXCEPTION = Kind(
    "exception",
    (
        Field("order_id", str, 36),
        Field("instalment", int),
        Field("programme_id", str, 36),
        Field("year", int),
        Field("province_code", str, 8),
        Field("status", str, 16),  # failed, reversed
        Field("since", datetime),
        Field("reason", str, 200),
    ),
)

InstalmentStep = (
    PaymentSentV1 | PaymentConfirmedV1 | PaymentFailedV1 | PaymentRetriedV1 | PaymentReversedV1
)
INSTALMENT_STEPS = (
    PaymentSentV1,
    PaymentConfirmedV1,
    PaymentFailedV1,
    PaymentRetriedV1,
    PaymentReversedV1,
)
DELIVERY_STEPS = (DeliveryConfirmedV1, DeliveryFailedV1, DeliveryRetriedV1)
OPENS = {InstalmentStatus.FAILED, InstalmentStatus.REVERSED}  # an exception


def _order(p: BaseModel) -> list[tuple[str, str]]:
    assert isinstance(
        p, (PaymentOrderIssuedV1, DeliveryOrderIssuedV1, *INSTALMENT_STEPS, *DELIVERY_STEPS)
    )
    return [(ORDER.name, str(p.order_id))]


def exception_key(p: InstalmentStep) -> str:
    return f"{p.order_id}:{p.instalment}"


def _order_and_exception(p: BaseModel) -> list[tuple[str, str]]:
    assert isinstance(p, INSTALMENT_STEPS)
    return [*_order(p), (EXCEPTION.name, exception_key(p))]


def _issued(p: PaymentOrderIssuedV1 | DeliveryOrderIssuedV1) -> dict[str, Value]:
    return {
        "decision_id": str(p.decision_id),
        "programme_id": str(p.programme_id),
        "cycle": p.cycle,
        "year": year_of(p.cycle),
        "component": p.component,
        "province_code": p.province_code,
        "status": ISSUED,
    }


def on_payment_order_issued(p: BaseModel, _: Envelope, rows: Rows) -> None:
    assert isinstance(p, PaymentOrderIssuedV1)
    key = str(p.order_id)
    if rows.get(ORDER.name, key) is not None:
        return
    instalments = Instalments.issued(tuple(centimes(a.amount) for a in p.instalments))
    amounts, statuses = instalments.encoded()
    row = {**_issued(p), "form": "cash", "amount": centimes(p.amount.amount), "paid": 0}
    rows.put(ORDER.name, key, {**row, "amounts": amounts, "instalments": statuses})


def on_delivery_order_issued(p: BaseModel, _: Envelope, rows: Rows) -> None:
    assert isinstance(p, DeliveryOrderIssuedV1)
    key = str(p.order_id)
    if rows.get(ORDER.name, key) is None:
        rows.put(ORDER.name, key, {**_issued(p), "form": "in_kind"})


def on_instalment_step(p: BaseModel, envelope: Envelope, rows: Rows) -> None:
    assert isinstance(p, INSTALMENT_STEPS)
    key = str(p.order_id)
    row = rows.get(ORDER.name, key)
    if row is None:
        return  # a step of an order whose issue never came (dead-lettered): left out
    before = Instalments.decoded(str(row["amounts"]), str(row["instalments"]))
    if not before.has(p.instalment):
        return
    status = AFTER_STEP[p.TYPE]
    after = before.now(p.instalment, status)
    _, statuses = after.encoded()
    rows.update(ORDER.name, key, status=after.status, paid=after.paid, instalments=statuses)
    if status in OPENS:
        exception: dict[str, Value] = {
            "order_id": key,
            "instalment": p.instalment,
            "programme_id": row["programme_id"],
            "year": row["year"],
            "province_code": row["province_code"],
            "status": str(status),
            "since": rows.at,
            "reason": (envelope.reason or "")[:200] or None,
        }
        rows.put(EXCEPTION.name, exception_key(p), exception)
    elif status is InstalmentStatus.PENDING:
        rows.end(EXCEPTION.name, exception_key(p))  # retried: in a person's hands no more


def on_delivery_step(p: BaseModel, _: Envelope, rows: Rows) -> None:
    assert isinstance(p, DELIVERY_STEPS)
    rows.update(ORDER.name, str(p.order_id), status=DELIVERY_AFTER_STEP[p.TYPE])


PROJECTION = Projection(
    name="orders",
    version=1,
    description="payment and delivery orders by status, and instalments that need a person",
    topics=(ORDERS_TOPIC, programmes.TOPIC),
    kinds=(ORDER, EXCEPTION, programmes.PROGRAMME),
    handlers={
        **programmes.HANDLERS,
        PaymentOrderIssuedV1.TYPE: On(on_payment_order_issued, _order),
        DeliveryOrderIssuedV1.TYPE: On(on_delivery_order_issued, _order),
        PaymentSentV1.TYPE: On(on_instalment_step, _order),
        PaymentConfirmedV1.TYPE: On(on_instalment_step, _order),
        PaymentFailedV1.TYPE: On(on_instalment_step, _order_and_exception),
        PaymentRetriedV1.TYPE: On(on_instalment_step, _order_and_exception),
        PaymentReversedV1.TYPE: On(on_instalment_step, _order_and_exception),
        **{step.TYPE: On(on_delivery_step, _order) for step in DELIVERY_STEPS},
    },
)

FILTERS = {"province": "province_code", "programme": "programme_id", "year": "year"}

REPORTS = (
    Report(
        name="orders",
        projection="orders",
        kind=ORDER.name,
        description="Orders by programme, province and status: payment orders issued, "
        "in_progress, paid, failed (an instalment awaits a retry) or reversed, by grants' "
        "rule over their instalments; delivery orders issued, delivered or failed. `amount` "
        "is what the orders are for, `paid` what their subjects hold (confirmed instalments, "
        "not reversed ones); aid in kind has neither.",
        group_by=("programme_id", "province_code", "status"),
        measures=(
            Measure("orders", Op.COUNT),
            Measure("amount", Op.SUM_MONEY),
            Measure("paid", Op.SUM_MONEY),
        ),
        filters={**FILTERS, "status": "status", "form": "form"},
        join=programmes.PROGRAMME_CODE,
    ),
    Report(
        name="exceptions",
        projection="orders",
        kind=EXCEPTION.name,
        description="Payments that need a person, as of the moment asked: instalments failed "
        "and not retried since, and payments reversed after they were confirmed. Grants does "
        "not publish its reconciliation exceptions, so this is what its orders tell: lines "
        "grants could not match (an unknown reference, a duplicate, an amount that differs) "
        "are not here, and a reversal stays listed once grants has resolved it.",
        shows=("province_code", "order_id", "instalment", "status", "since", "reason"),
        filters={**FILTERS, "status": "status"},
        join=programmes.PROGRAMME_CODE,
        order_by=("since", "order_id", "instalment"),
    ),
)
