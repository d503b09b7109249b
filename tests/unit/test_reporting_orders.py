"""Where reporting says grants' orders stand (`grants.orders`), and which instalments it lists
as needing a person, on the in-memory store."""

from __future__ import annotations

import itertools
import uuid

import pytest

from services.grants.domain.order_values import Instalment
from services.grants.domain.order_values import InstalmentStatus as GrantsStatus
from services.grants.domain.order_values import order_status as grants_order_status
from services.reporting.domain.orders import Instalments, InstalmentStatus, order_status
from shared.contracts.grants_orders import (
    DeliveryFailedV1,
    DeliveryOrderIssuedV1,
    DeliveryRetriedV1,
    PaymentConfirmedV1,
    PaymentFailedV1,
    PaymentRetriedV1,
    PaymentReversedV1,
    PaymentSentV1,
)
from tests.unit.grants_events import InMemoryReporting, payment_order, step

SOCIAL_CARE = uuid.uuid4()


@pytest.mark.parametrize("count", [1, 2, 3])
def test_an_order_is_named_by_grants_own_rule_over_its_instalments(count: int) -> None:
    for statuses in itertools.product(list(InstalmentStatus), repeat=count):
        grants = [Instalment(100, GrantsStatus(s.value)) for s in statuses]
        assert order_status(statuses) == grants_order_status(grants), statuses


def test_paid_is_what_the_confirmed_instalments_hold() -> None:
    instalments = Instalments.issued((150_000, 50_050))
    assert instalments.now(1, InstalmentStatus.CONFIRMED).paid == 150_000
    both = instalments.now(1, InstalmentStatus.CONFIRMED).now(2, InstalmentStatus.CONFIRMED)
    assert both.paid == 200_050
    assert both.now(1, InstalmentStatus.REVERSED).paid == 50_050
    assert Instalments.decoded(*both.encoded()) == both


def order_row(reporting: InMemoryReporting, order_id: uuid.UUID) -> dict[str, object]:
    [row] = [r for r in reporting.rows("orders", "order") if r["key"] == str(order_id)]
    return {k: row[k] for k in ("status", "amount", "paid", "instalments")}


def exceptions(reporting: InMemoryReporting) -> list[tuple[object, ...]]:
    found = reporting.rows("orders", "exception")
    return sorted((r["instalment"], r["status"], r["reason"]) for r in found)


def test_an_order_follows_its_instalments_and_a_failure_is_listed_until_retried() -> None:
    reporting = InMemoryReporting()
    order = uuid.uuid4()
    reporting.receive(payment_order(order, SOCIAL_CARE, "KHN", 150_000, 50_050))
    assert order_row(reporting, order) == {
        "status": "issued", "amount": 200_050, "paid": 0, "instalments": "pending,pending",
    }  # fmt: skip

    reporting.receive(step(PaymentSentV1, order, 1), step(PaymentConfirmedV1, order, 1))
    reporting.receive(step(PaymentSentV1, order, 2))
    assert order_row(reporting, order)["status"] == "in_progress"
    reporting.receive(step(PaymentFailedV1, order, 2, reason="AC04 Compte clôturé"))
    assert order_row(reporting, order) == {
        "status": "failed", "amount": 200_050, "paid": 150_000,
        "instalments": "confirmed,failed",
    }  # fmt: skip
    assert exceptions(reporting) == [(2, "failed", "AC04 Compte clôturé")]

    reporting.receive(step(PaymentRetriedV1, order, 2))
    assert exceptions(reporting) == []
    reporting.receive(step(PaymentSentV1, order, 2), step(PaymentConfirmedV1, order, 2))
    assert order_row(reporting, order)["status"] == "paid"

    reporting.receive(step(PaymentReversedV1, order, 1, reason="MD06 Retour de fonds"))
    assert order_row(reporting, order) == {
        "status": "reversed", "amount": 200_050, "paid": 50_050,
        "instalments": "reversed,confirmed",
    }  # fmt: skip
    assert exceptions(reporting) == [(1, "reversed", "MD06 Retour de fonds")]


def test_a_delivery_order_is_issued_failed_then_issued_again_on_a_retry() -> None:
    reporting = InMemoryReporting()
    order = uuid.uuid4()
    reporting.receive(
        DeliveryOrderIssuedV1(
            order_id=order, decision_id=uuid.uuid4(), programme_id=SOCIAL_CARE, cycle="2026",
            component="wheelchair", subject_id=uuid.uuid4(), province_code="KHN",
            items=["Wheelchair"], actor="grants", reason=None,
        )
    )  # fmt: skip
    failed = DeliveryFailedV1(order_id=order, actor="caseworker", reason="road closed")
    reporting.receive(failed)
    assert order_row(reporting, order)["status"] == "failed"
    reporting.receive(DeliveryRetriedV1(order_id=order, actor="caseworker", reason=None))
    assert order_row(reporting, order) == {
        "status": "issued", "amount": None, "paid": None, "instalments": None,
    }  # fmt: skip
    assert exceptions(reporting) == []  # a delivery is not reconciled with a statement


def test_a_step_of_an_order_never_issued_here_or_of_no_such_instalment_is_left_out() -> None:
    reporting = InMemoryReporting()
    order = uuid.uuid4()
    reporting.receive(step(PaymentFailedV1, uuid.uuid4(), 1, reason="AC01"))
    reporting.receive(payment_order(order, SOCIAL_CARE, "KHN", 10_000))
    reporting.receive(step(PaymentSentV1, order, 2))
    assert reporting.rows("orders", "exception") == []
    assert order_row(reporting, order)["instalments"] == "pending"
