"""Orders and envelope movements as they leave grants: instalments and balances to the
centime, every step with who and why."""

from __future__ import annotations

from uuid import uuid4

import pytest

from services.grants.domain.actors import APPROVER, CASEWORKER, Actor
from services.grants.domain.delivery_order import DeliveryOrder
from services.grants.domain.eligibility import (
    HouseholdFacts,
    PersonFacts,
    assess_household,
    assess_person,
)
from services.grants.domain.envelope import Envelope
from services.grants.domain.order import PaymentOrder
from services.grants.domain.programme import Programme
from services.grants.domain.programme_terms import Cycle
from services.grants.domain.proposal import propose
from services.grants.domain.reference_programmes import (
    DISABILITY_TECHNICAL_AIDS,
    FLOOD_RELIEF_2026_02,
    FLOODS_2026_02,
    HOUSING_AID,
    reference_programme,
)
from services.grants.interfaces.publishing import publishing_for
from services.grants.persistence.event_store import in_memory_event_store
from shared.contracts.grants_envelopes import ENVELOPES_TOPIC
from shared.contracts.grants_orders import ORDERS_TOPIC
from shared.money import Money
from tests.unit.grants_wire import on_the_wire

FLOODS = Cycle.disaster(FLOODS_2026_02)


def mad(amount: str) -> dict[str, str]:
    return {"amount": amount, "currency": "MAD"}


def test_a_payment_order_goes_out_with_its_instalments_and_each_of_their_steps() -> None:
    programme = Programme.create(reference_programme(FLOOD_RELIEF_2026_02), actor="admin")
    programme.open_cycle(FLOODS, actor="admin")
    facts = HouseholdFacts(uuid4(), "SKC", FLOODS_2026_02, False, "destroyed")
    decision = propose(
        programme,
        FLOODS,
        assess_household(programme.terms, facts, claimed=True),
        HOUSING_AID,
        actor="grants",
    )
    decision.approve(Actor("ap-1", frozenset({APPROVER}), frozenset({"SKC"})))
    plan = [Money.mad("70000.01"), Money.mad("69999.99")]
    order = PaymentOrder.issue(decision, instalments=plan, actor="grants")
    order.send(1, "PROV-1", actor="grants")
    order.fail(1, reason="account closed", actor="provider")
    order.retry(1, actor="cw-1", reason="new account given")
    order.send(1, "PROV-2", actor="grants")
    order.confirm(1, "PROV-2", actor="provider")
    order.reverse(1, reason="paid to the wrong account", actor="provider")
    publishing = publishing_for(None)

    wire = [on_the_wire(publishing, e) for e in order.collect_events()]

    assert {topic for topic, _, _ in wire} == {ORDERS_TOPIC}
    issued = wire[0][2]
    assert issued["order_id"] == str(order.id)
    assert (issued["decision_id"], issued["subject_id"]) == (
        str(decision.id),
        str(decision.subject_id),
    )
    assert issued["amount"] == mad("140000.00")
    assert issued["instalments"] == [mad("70000.01"), mad("69999.99")]
    steps = [(t, p["instalment"], p.get("provider_reference"), p["reason"]) for _, t, p in wire[1:]]
    assert steps == [
        ("PaymentSent", 1, "PROV-1", None),
        ("PaymentFailed", 1, None, "account closed"),
        ("PaymentRetried", 1, None, "new account given"),
        ("PaymentSent", 1, "PROV-2", None),
        ("PaymentConfirmed", 1, "PROV-2", None),
        ("PaymentReversed", 1, None, "paid to the wrong account"),
    ]


def test_a_delivery_order_goes_out_issued_failed_retried_and_delivered() -> None:
    programme = Programme.create(reference_programme(DISABILITY_TECHNICAL_AIDS), actor="admin")
    programme.open_cycle(Cycle.fiscal_year(2026), actor="admin")
    person = PersonFacts(uuid4(), "KHN", frozenset({"disability"}))
    assessment = assess_person(programme.terms, person)
    decision = propose(programme, Cycle.fiscal_year(2026), assessment, "wheelchair", actor="cw-1")
    decision.approve(Actor("ap-1", frozenset({APPROVER}), frozenset({"KHN"})))
    order = DeliveryOrder.issue(decision, actor="grants")
    order.fail(actor="cw-2", reason="nobody at home")
    order.retry(actor="cw-2")
    order.confirm_delivery(Actor("cw-2", frozenset({CASEWORKER}), frozenset({"KHN"})))

    wire = [on_the_wire(publishing_for(None), e) for e in order.collect_events()]

    assert [t for _, t, _ in wire] == [
        "DeliveryOrderIssued",
        "DeliveryFailed",
        "DeliveryRetried",
        "DeliveryConfirmed",
    ]
    assert wire[0][2]["items"] == list(decision.items)
    assert wire[1][2] == {"order_id": str(order.id), "actor": "cw-2", "reason": "nobody at home"}


def envelopes() -> tuple[Envelope, Envelope]:
    programme_id = uuid4()
    khn, lar = (
        Envelope.open(
            programme_id=programme_id, cycle_id="2021", province_code=p, actor="admin", reason="r"
        )
        for p in ("KHN", "LAR")
    )
    return khn, lar


def test_each_envelope_movement_goes_out_with_the_balances_after_it() -> None:
    khn, lar = envelopes()
    hold, released = uuid4(), uuid4()
    khn.allocate(amount=Money.mad("4628411.00"), actor="admin", reason="budget law 2021")
    khn.transfer_to(lar, transfer_id=uuid4(), amount=Money.mad("0.01"), actor="admin", reason="t")
    khn.place_hold(hold_id=hold, amount=Money.mad("1468411.00"), actor="ap-1", reason="approved")
    khn.place_hold(hold_id=released, amount=Money.mad("160000.00"), actor="ap-1", reason="ok")
    khn.post_hold(hold_id=hold, actor="grants", reason="payment confirmed")
    khn.release_hold(hold_id=released, actor="grants", reason="payment failed")
    publishing = publishing_for(None)

    wire = [on_the_wire(publishing, e) for e in khn.collect_events()]
    [_, (_, in_type, transferred_in)] = [on_the_wire(publishing, e) for e in lar.collect_events()]

    assert {topic for topic, _, _ in wire} == {ENVELOPES_TOPIC}
    assert [t for _, t, _ in wire] == [
        "EnvelopeOpened",
        "EnvelopeAllocated",
        "EnvelopeTransferredOut",
        "EnvelopeHoldPlaced",
        "EnvelopeHoldPlaced",
        "EnvelopeHoldPosted",
        "EnvelopeHoldReleased",
    ]
    assert [
        (p["amount"]["amount"], p["balances_after"]["available"]["amount"]) for _, _, p in wire[1:]
    ] == [
        ("4628411.00", "4628411.00"),
        ("0.01", "4628410.99"),
        ("1468411.00", "3159999.99"),
        ("160000.00", "2999999.99"),
        ("1468411.00", "2999999.99"),
        ("160000.00", "3159999.99"),
    ]
    assert wire[-1][2]["balances_after"] == {
        "allocated": mad("4628411.00"),
        "transferred_in": mad("0.00"),
        "transferred_out": mad("0.01"),
        "held": mad("0.00"),
        "disbursed": mad("1468411.00"),
        "available": mad("3159999.99"),
    }
    assert wire[-1][2]["hold_id"] == str(released)
    assert in_type == "EnvelopeTransferredIn"
    assert transferred_in["from_envelope_id"] == str(khn.id)
    assert transferred_in["balances_after"]["available"] == mad("0.01")


def test_after_a_restart_the_balances_are_read_from_the_store() -> None:
    store = in_memory_event_store()
    khn, _ = envelopes()
    khn.allocate(amount=Money.mad("3000000.00"), actor="admin", reason="budget law 2021")
    khn.place_hold(hold_id=uuid4(), amount=Money.mad("160000.00"), actor="ap-1", reason="ok")
    store.save(khn)
    last = list(store.repository.event_store.get(khn.id, gt=2))

    [(_, _, placed)] = [on_the_wire(publishing_for(store), e) for e in last]

    assert placed["balances_after"]["held"] == mad("160000.00")
    assert placed["balances_after"]["available"] == mad("2840000.00")
    with pytest.raises(LookupError):
        publishing_for(None)(last[0])  # without a store, a gap cannot be filled
