"""Flood relief on SQLite and PostgreSQL: per disaster, province and component, decisions
approved, the amount decided and the amount paid, as of a moment; only disaster programmes'
(a join that requires the programme's disaster), whichever topic came first."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from shared.contracts.base import Contract
from shared.contracts.grants_decisions import DecisionApprovedV1, DecisionCancelledV1
from shared.contracts.grants_orders import PaymentConfirmedV1, PaymentReversedV1
from tests.integration.reporting.projected import Projected, event_at
from tests.unit.grants_events import payment_order, programme, proposal, step, topic_of

FLOODS, SNOW, SOCIAL_CARE = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
DISASTER = "floods-2026-02-north-west"
T0 = datetime(2026, 2, 12, 9, 0, tzinfo=UTC)


def receive(reporting: Projected, at: datetime, *payloads: Contract) -> None:
    for payload in payloads:
        reporting.receive(topic_of(payload), event_at(payload, at, origin="grants"))


def relief(rows: list[dict[str, object]]) -> dict[tuple[object, ...], tuple[object, ...]]:
    return {
        (r["disaster"], r["province_code"], r["component"]): (
            r["decisions"], r["decided"], r["paid"],
        )
        for r in rows
    }  # fmt: skip


def approve(reporting: Projected, at: datetime, *decisions: uuid.UUID) -> None:
    for d in decisions:
        receive(reporting, at, DecisionApprovedV1(decision_id=d, actor="approver", reason=None))


def test_relief_per_disaster_province_and_component_as_of_each_moment(
    reporting: Projected,
) -> None:
    emergency, repairs, other, cancelled, grant = (uuid.uuid4() for _ in range(5))
    # Decisions read before their programme (another topic): the join finds it later.
    receive(
        reporting,
        T0,
        proposal(emergency, FLOODS, "LAR", 600_000),
        proposal(repairs, FLOODS, "LAR", 1_500_000, component="repairs"),
        proposal(other, FLOODS, "KEN", 600_000),
        proposal(cancelled, FLOODS, "KEN", 600_000),
        proposal(grant, SOCIAL_CARE, "KHN", 300_000_000, component="annual_grant", cycle="2021"),
    )
    receive(
        reporting,
        T0,
        programme(FLOODS, "flood-relief-2026-02", disaster=DISASTER),
        programme(SOCIAL_CARE, "social-care-institutions"),
    )
    t1 = T0 + timedelta(days=1)
    approve(reporting, t1, emergency, repairs, other, cancelled, grant)
    receive(reporting, t1, DecisionCancelledV1(decision_id=cancelled, actor="grants", reason="x"))
    t2 = T0 + timedelta(days=2)
    paid_lar, paid_ken = uuid.uuid4(), uuid.uuid4()
    receive(
        reporting,
        t2,
        payment_order(paid_lar, FLOODS, "LAR", 600_000, decision_id=emergency, cycle=DISASTER,
                      component="emergency"),
        payment_order(paid_ken, FLOODS, "KEN", 600_000, decision_id=other, cycle=DISASTER,
                      component="emergency"),
        step(PaymentConfirmedV1, paid_lar, 1),
        step(PaymentConfirmedV1, paid_ken, 1),
    )  # fmt: skip
    t3 = T0 + timedelta(days=3)
    receive(reporting, t3, step(PaymentReversedV1, paid_ken, 1, reason="AC04 Compte clôturé"))
    # A snow programme created later: its decisions count once it names its disaster.
    receive(reporting, t3, programme(SNOW, "winter-aid", disaster="snow-2026-01"))
    receive(reporting, t3, proposal(uuid.uuid4(), SNOW, "KHN", 200_000, cycle="snow"))

    assert relief(reporting.rows("relief")) == {
        (DISASTER, "LAR", "emergency"): (1, "6000.00", "6000.00"),
        (DISASTER, "LAR", "repairs"): (1, "15000.00", "0.00"),
        (DISASTER, "KEN", "emergency"): (1, "6000.00", "0.00"),
        ("snow-2026-01", "KHN", "emergency"): (0, "0.00", "0.00"),
    }
    assert relief(reporting.rows("relief", as_of=t2)) == {
        (DISASTER, "LAR", "emergency"): (1, "6000.00", "6000.00"),
        (DISASTER, "LAR", "repairs"): (1, "15000.00", "0.00"),
        (DISASTER, "KEN", "emergency"): (1, "6000.00", "6000.00"),
    }
    assert relief(reporting.rows("relief", as_of=T0)) == {
        (DISASTER, "LAR", "emergency"): (0, "0.00", "0.00"),
        (DISASTER, "LAR", "repairs"): (0, "0.00", "0.00"),
        (DISASTER, "KEN", "emergency"): (0, "0.00", "0.00"),
    }
    assert relief(reporting.rows("relief", province="KEN", programme="flood-relief-2026-02")) == {
        (DISASTER, "KEN", "emergency"): (1, "6000.00", "0.00"),
    }
    assert set(relief(reporting.rows("relief", provinces=["KHN"]))) == {
        ("snow-2026-01", "KHN", "emergency")
    }  # the social-care grant is no relief
