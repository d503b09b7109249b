"""Flood relief (`grants.decisions`, `grants.orders`, `grants.programmes`): per disaster,
province and component, the decisions approved, the amount they award and the amount paid.

A disaster programme is one whose `ProgrammeCreated` names a `disaster`. Decisions, orders
and programmes come on three topics, in no order between them, so each row stands on its own
event: one row per decision (where its steps have led, and its amount while it is approved)
and one per payment order (what its confirmed instalments paid), each naming its programme;
the report joins the programme's disaster at the moment asked, and leaves out rows whose
programme names none (or is not known yet). A decision or an order of a programme already
known to name no disaster is not kept at all.
- `decisions`: decisions approved (an upheld appeal, a list's approval, an authorisation
  included); proposed, awaiting, rejected, appealed, dismissed or cancelled ones do not count.
- `decided`: what those approved decisions award (aid in kind: nothing).
- `paid`: the confirmed instalments of the programmes' payment orders, less those reversed
  since (what households hold), whatever became of the decision afterwards.
"""

from __future__ import annotations

from pydantic import BaseModel

from services.reporting.application.projecting import On, Projection
from services.reporting.application.projections import programmes
from services.reporting.application.projections.decision_moves import MOVES, STEPS
from services.reporting.application.reports import Join, Measure, Op, Report
from services.reporting.application.rows import Rows
from services.reporting.domain.decisions import DecisionProgress, DecisionStatus
from services.reporting.domain.history import Field, Kind, Row, Value, centimes
from services.reporting.domain.orders import Instalments, InstalmentStatus
from shared.contracts import Envelope
from shared.contracts.grants_decisions import DECISIONS_TOPIC, DecisionAmendedV1, DecisionProposedV1
from shared.contracts.grants_orders import (
    ORDERS_TOPIC,
    PaymentConfirmedV1,
    PaymentOrderIssuedV1,
    PaymentReversedV1,
)

RELIEF = Kind(
    "relief",
    (
        Field("programme_id", str, 36),
        Field("province_code", str, 8),
        Field("component", str, 40),
        Field("decision_id", str, 36),
        # a decision's row
        Field("status", str, 32),
        Field("approvals", int),
        Field("approvals_needed", int),
        Field("amount", int, money=True),  # what it awards if approved (None: in kind)
        Field("counted", bool),  # approved
        Field("decided", int, money=True),  # its amount while approved, else 0
        # a payment order's row
        Field("amounts", str, 255),  # its instalments' amounts, in centimes
        Field("instalments", str, 255),  # their statuses (only confirmed, reversed matter)
        Field("paid", int, money=True),
    ),
)

DISASTER = Join(
    kind=programmes.PROGRAMME.name,
    on="programme_id",
    fields={"disaster": "disaster"},
    required=("disaster",),
)


def _no_disaster(rows: Rows, programme_id: str) -> bool:
    """The programme is known and names no disaster (unknown yet: it may)."""
    programme = rows.get(programmes.PROGRAMME.name, programme_id)
    return programme is not None and programme["disaster"] is None


def _proposal(p: BaseModel) -> list[tuple[str, str]]:
    assert isinstance(p, DecisionProposedV1)
    return [(RELIEF.name, f"d:{p.decision_id}"), (programmes.PROGRAMME.name, str(p.programme_id))]


def _decision(p: BaseModel) -> list[tuple[str, str]]:
    assert isinstance(p, STEPS)
    return [(RELIEF.name, f"d:{p.decision_id}")]


def _issue(p: BaseModel) -> list[tuple[str, str]]:
    assert isinstance(p, PaymentOrderIssuedV1)
    return [(RELIEF.name, f"o:{p.order_id}"), (programmes.PROGRAMME.name, str(p.programme_id))]


def _order(p: BaseModel) -> list[tuple[str, str]]:
    assert isinstance(p, PaymentConfirmedV1 | PaymentReversedV1)
    return [(RELIEF.name, f"o:{p.order_id}")]


def _standing(progress: DecisionProgress, amount: Value) -> dict[str, Value]:
    counted = progress.status is DecisionStatus.APPROVED
    return {
        "status": str(progress.status),
        "approvals": progress.approvals,
        "approvals_needed": progress.approvals_needed,
        "counted": counted,
        "decided": amount if counted and isinstance(amount, int) else 0,
    }


def on_proposed(p: BaseModel, _: Envelope, rows: Rows) -> None:
    assert isinstance(p, DecisionProposedV1)
    key = f"d:{p.decision_id}"
    if rows.get(RELIEF.name, key) is not None or _no_disaster(rows, str(p.programme_id)):
        return
    amount: Value = centimes(p.amount.amount) if p.amount is not None else None
    progress = DecisionProgress.proposed(needs_authorisation=p.needs_authorisation)
    row: dict[str, Value] = {
        "programme_id": str(p.programme_id),
        "province_code": p.province_code,
        "component": p.component,
        "decision_id": str(p.decision_id),
        "amount": amount,
        **_standing(progress, amount),
    }
    rows.put(RELIEF.name, key, row)


def _progress(row: Row) -> DecisionProgress:
    status = DecisionStatus(str(row["status"]))
    return DecisionProgress(status, int(str(row["approvals"])), int(str(row["approvals_needed"])))


def on_step(p: BaseModel, _: Envelope, rows: Rows) -> None:
    assert isinstance(p, STEPS)
    key = f"d:{p.decision_id}"
    row = rows.get(RELIEF.name, key)
    if row is None:
        return  # not a disaster programme's, or its proposal never came
    amount = row["amount"]
    if isinstance(p, DecisionAmendedV1):
        amount = centimes(p.amount.amount) if p.amount is not None else None
    progress = MOVES[p.TYPE](_progress(row), p)
    rows.update(RELIEF.name, key, amount=amount, **_standing(progress, amount))


def on_order_issued(p: BaseModel, _: Envelope, rows: Rows) -> None:
    assert isinstance(p, PaymentOrderIssuedV1)
    key = f"o:{p.order_id}"
    if rows.get(RELIEF.name, key) is not None or _no_disaster(rows, str(p.programme_id)):
        return
    amounts, statuses = Instalments.issued(
        tuple(centimes(a.amount) for a in p.instalments)
    ).encoded()
    row: dict[str, Value] = {
        "programme_id": str(p.programme_id),
        "province_code": p.province_code,
        "component": p.component,
        "decision_id": str(p.decision_id),
        "counted": False,
        "decided": 0,
        "amounts": amounts,
        "instalments": statuses,
        "paid": 0,
    }
    rows.put(RELIEF.name, key, row)


def on_paid_or_reversed(p: BaseModel, _: Envelope, rows: Rows) -> None:
    assert isinstance(p, PaymentConfirmedV1 | PaymentReversedV1)
    key = f"o:{p.order_id}"
    row = rows.get(RELIEF.name, key)
    if row is None:
        return
    before = Instalments.decoded(str(row["amounts"]), str(row["instalments"]))
    if not before.has(p.instalment):
        return
    confirmed = isinstance(p, PaymentConfirmedV1)
    status = InstalmentStatus.CONFIRMED if confirmed else InstalmentStatus.REVERSED
    after = before.now(p.instalment, status)
    rows.update(RELIEF.name, key, instalments=after.encoded()[1], paid=after.paid)


PROJECTION = Projection(
    name="relief",
    version=1,
    description="flood relief per disaster, province and component: decided and paid",
    topics=(DECISIONS_TOPIC, ORDERS_TOPIC, programmes.TOPIC),
    kinds=(RELIEF, programmes.PROGRAMME),
    handlers={
        **programmes.HANDLERS,
        DecisionProposedV1.TYPE: On(on_proposed, _proposal),
        **{step.TYPE: On(on_step, _decision) for step in STEPS},
        PaymentOrderIssuedV1.TYPE: On(on_order_issued, _issue),
        PaymentConfirmedV1.TYPE: On(on_paid_or_reversed, _order),
        PaymentReversedV1.TYPE: On(on_paid_or_reversed, _order),
    },
)

REPORTS = (
    Report(
        name="relief",
        projection="relief",
        kind=RELIEF.name,
        description="Relief of disaster programmes per disaster, province and component: "
        "`decisions` approved (not proposed, rejected or cancelled ones), the amount they "
        "award (`decided`), and `paid`: their payment orders' confirmed instalments, less "
        "those reversed since.",
        group_by=("province_code", "component"),
        measures=(
            Measure("decisions", Op.COUNT_TRUE, "counted"),
            Measure("decided", Op.SUM_MONEY),
            Measure("paid", Op.SUM_MONEY),
        ),
        filters={
            "province": "province_code",
            "programme": "programme_id",
            "component": "component",
        },
        join=DISASTER,
    ),
)
