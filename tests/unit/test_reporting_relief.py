"""Flood relief in reporting, on the in-memory store: decisions and payment orders of disaster
programmes, each row standing on its own event (decisions, orders and programmes come on three
topics in no order between them)."""

from __future__ import annotations

import uuid

from shared.contracts.grants_decisions import (
    DecisionAmendedV1,
    DecisionApprovedV1,
    DecisionAuthorisedV1,
    DecisionCancelledV1,
)
from shared.contracts.grants_orders import PaymentConfirmedV1, PaymentReversedV1
from tests.unit.grants_events import (
    InMemoryReporting,
    mad,
    payment_order,
    programme,
    proposal,
    step,
)

FLOODS, SOCIAL_CARE = uuid.uuid4(), uuid.uuid4()
DISASTER = "floods-2026-02-north-west"


def decisions(reporting: InMemoryReporting) -> dict[str, tuple[object, ...]]:
    return {
        str(r["key"]): (r["status"], r["counted"], r["decided"])
        for r in reporting.rows("relief", "relief")
        if str(r["key"]).startswith("d:")
    }


def test_approved_decisions_count_with_their_amount_and_others_do_not() -> None:
    reporting = InMemoryReporting()
    reporting.receive(programme(FLOODS, "flood-relief-2026-02", disaster=DISASTER))
    approved, large, cancelled, amended = (uuid.uuid4() for _ in range(4))
    reporting.receive(
        proposal(approved, FLOODS, "LAR", 600_000),
        proposal(large, FLOODS, "LAR", 14_000_000, needs_authorisation=True),
        proposal(cancelled, FLOODS, "KEN", 600_000),
        proposal(amended, FLOODS, "KEN", 600_000),
    )
    reporting.receive(
        DecisionApprovedV1(decision_id=approved, actor="approver", reason=None),
        DecisionApprovedV1(decision_id=large, actor="approver", reason=None),
        DecisionApprovedV1(decision_id=cancelled, actor="approver", reason=None),
        DecisionCancelledV1(decision_id=cancelled, actor="grants", reason="exited"),
        DecisionAmendedV1(decision_id=amended, actor="grants", reason=None,
                          amount=mad(1_500_000), items=[], needs_authorisation=False),
    )  # fmt: skip
    assert decisions(reporting) == {
        f"d:{approved}": ("approved", True, 600_000),
        f"d:{large}": ("awaiting_authorisation", False, 0),
        f"d:{cancelled}": ("cancelled", False, 0),
        f"d:{amended}": ("proposed", False, 0),
    }
    reporting.receive(
        DecisionAuthorisedV1(decision_id=large, actor="authoriser", reason=None),
        DecisionApprovedV1(decision_id=amended, actor="approver", reason=None),
    )
    assert decisions(reporting)[f"d:{large}"] == ("approved", True, 14_000_000)
    assert decisions(reporting)[f"d:{amended}"] == ("approved", True, 1_500_000)


def test_a_programme_known_to_name_no_disaster_keeps_nothing_an_unknown_one_does() -> None:
    reporting = InMemoryReporting()
    unknown = uuid.uuid4()
    reporting.receive(programme(SOCIAL_CARE, "social-care-institutions"))
    reporting.receive(
        proposal(uuid.uuid4(), SOCIAL_CARE, "KHN", 300_000_000, component="annual_grant"),
        payment_order(uuid.uuid4(), SOCIAL_CARE, "KHN", 300_000_000),
        proposal(uuid.uuid4(), unknown, "LAR", 600_000),
    )
    [kept] = reporting.rows("relief", "relief")
    assert kept["programme_id"] == str(unknown)  # the report's join decides once it is known


def test_paid_is_the_confirmed_instalments_less_those_reversed() -> None:
    reporting = InMemoryReporting()
    order = uuid.uuid4()
    reporting.receive(payment_order(order, FLOODS, "LAR", 600_000, 900_000, cycle=DISASTER))
    reporting.receive(step(PaymentConfirmedV1, order, 1), step(PaymentConfirmedV1, order, 2))
    reporting.receive(step(PaymentReversedV1, order, 1, reason="AC04 Compte clôturé"))
    [row] = reporting.rows("relief", "relief")
    assert (row["paid"], row["counted"], row["decided"]) == (900_000, False, 0)
