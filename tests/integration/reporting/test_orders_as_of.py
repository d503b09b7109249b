"""Orders and exceptions on SQLite and PostgreSQL: orders by status with what they are for and
what was paid, and the instalments needing a person open as of a moment (a failure listed
until it is retried, a reversal from when it came)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from shared.contracts.base import Contract
from shared.contracts.grants_orders import (
    PaymentConfirmedV1,
    PaymentFailedV1,
    PaymentRetriedV1,
    PaymentReversedV1,
    PaymentSentV1,
)
from tests.integration.reporting.projected import Projected, event_at
from tests.unit.grants_events import payment_order, programme, step, topic_of

FLOODS = uuid.uuid4()
CYCLE = "floods-2026-02-north-west"
T0 = datetime(2026, 2, 20, 9, 0, tzinfo=UTC)


def receive(reporting: Projected, at: datetime, *payloads: Contract) -> None:
    for payload in payloads:
        reporting.receive(topic_of(payload), event_at(payload, at, origin="grants"))


def by_status(rows: list[dict[str, object]]) -> dict[tuple[object, object], tuple[object, ...]]:
    return {(r["province_code"], r["status"]): (r["orders"], r["amount"], r["paid"]) for r in rows}


def test_orders_by_status_and_the_payments_needing_a_person_as_of_each_moment(
    reporting: Projected,
) -> None:
    paid, failing, reversed_, later = (uuid.uuid4() for _ in range(4))
    receive(reporting, T0, programme(FLOODS, "flood-relief-2026-02", disaster="floods"))
    receive(
        reporting,
        T0,
        payment_order(paid, FLOODS, "LAR", 600_000, cycle=CYCLE),
        payment_order(failing, FLOODS, "LAR", 750_000, 750_000, cycle=CYCLE),
        payment_order(reversed_, FLOODS, "KEN", 600_000, cycle=CYCLE),
    )
    for order, n in ((paid, 1), (failing, 1), (failing, 2), (reversed_, 1)):
        receive(reporting, T0 + timedelta(hours=1), step(PaymentSentV1, order, n))
    t1 = T0 + timedelta(days=1)
    receive(
        reporting,
        t1,
        step(PaymentConfirmedV1, paid, 1),
        step(PaymentConfirmedV1, failing, 1),
        step(PaymentFailedV1, failing, 2, reason="AC04 Compte clôturé"),
        step(PaymentConfirmedV1, reversed_, 1),
    )
    t2 = T0 + timedelta(days=2)
    receive(reporting, t2, step(PaymentReversedV1, reversed_, 1, reason="MD06 Retour"))
    receive(reporting, t2, payment_order(later, FLOODS, "LAR", 100, cycle=CYCLE))
    t3 = T0 + timedelta(days=3)
    receive(reporting, t3, step(PaymentRetriedV1, failing, 2))

    assert by_status(reporting.rows("orders")) == {
        ("LAR", "paid"): (1, "6000.00", "6000.00"),
        ("LAR", "in_progress"): (1, "15000.00", "7500.00"),
        ("LAR", "issued"): (1, "1.00", "0.00"),
        ("KEN", "reversed"): (1, "6000.00", "0.00"),
    }
    assert by_status(reporting.rows("orders", as_of=t1)) == {
        ("LAR", "paid"): (1, "6000.00", "6000.00"),
        ("LAR", "failed"): (1, "15000.00", "7500.00"),
        ("KEN", "paid"): (1, "6000.00", "6000.00"),
    }
    assert by_status(reporting.rows("orders", as_of=T0 + timedelta(minutes=5))) == {
        ("LAR", "issued"): (2, "21000.00", "0.00"),
        ("KEN", "issued"): (1, "6000.00", "0.00"),
    }
    assert {r["programme_code"] for r in reporting.rows("orders")} == {"flood-relief-2026-02"}
    assert len(reporting.rows("orders", programme="flood-relief-2026-02", status="paid")) == 1

    as_of_t2 = reporting.rows("exceptions", as_of=t2)
    assert as_of_t2 == [
        {"province_code": "LAR", "order_id": str(failing), "instalment": 2, "status": "failed",
         "since": as_of_t2[0]["since"], "reason": "AC04 Compte clôturé",
         "programme_code": "flood-relief-2026-02"},
        {"province_code": "KEN", "order_id": str(reversed_), "instalment": 1,
         "status": "reversed", "since": as_of_t2[1]["since"], "reason": "MD06 Retour",
         "programme_code": "flood-relief-2026-02"},
    ]  # fmt: skip
    assert [r["since"].astimezone(UTC) for r in as_of_t2] == [t1, t2]
    now = reporting.rows("exceptions")
    assert [(r["order_id"], r["status"]) for r in now] == [(str(reversed_), "reversed")]
    assert reporting.rows("exceptions", as_of=T0 + timedelta(hours=2)) == []
    assert reporting.rows("exceptions", provinces=["LAR"]) == []
    assert len(reporting.rows("exceptions", as_of=t2, province="LAR", status="failed")) == 1
