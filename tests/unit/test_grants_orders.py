from uuid import uuid4

import pytest
from eventsourcing.persistence import IntegrityError

from services.grants.domain.actors import APPROVER, CASEWORKER, Actor
from services.grants.domain.decision import Decision
from services.grants.domain.delivery_order import DeliveryOrder
from services.grants.domain.eligibility import (
    HouseholdFacts,
    PersonFacts,
    assess_household,
    assess_person,
)
from services.grants.domain.order import PaymentOrder
from services.grants.domain.order_values import InstalmentStatus, order_id
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
from services.grants.persistence.event_store import in_memory_event_store
from shared.money import Money
from shared.rules import BusinessRuleBroken

FLOOD_CYCLE = Cycle.disaster(FLOODS_2026_02)
St = InstalmentStatus


def housing_decision(approve: bool = True) -> Decision:
    programme = Programme.create(reference_programme(FLOOD_RELIEF_2026_02), actor="admin")
    programme.open_cycle(FLOOD_CYCLE, actor="admin")
    facts = HouseholdFacts(uuid4(), "SKC", FLOODS_2026_02, False, "destroyed")
    assessment = assess_household(programme.terms, facts, claimed=True)
    decision = propose(programme, FLOOD_CYCLE, assessment, HOUSING_AID, actor="grants")
    if approve:
        decision.approve(Actor("ap-1", frozenset({APPROVER}), frozenset({"SKC"})))
    return decision


def test_an_order_id_comes_from_programme_cycle_component_and_subject() -> None:
    decision = housing_decision()
    first = PaymentOrder.issue(decision, actor="grants")
    second = PaymentOrder.issue(decision, actor="grants")
    expected = order_id(decision.programme_id, FLOODS_2026_02, HOUSING_AID, decision.subject_id)
    assert (
        first.id
        == second.id
        == expected
        == DeliveryOrder.create_id(
            decision.programme_id, FLOODS_2026_02, HOUSING_AID, decision.subject_id
        )
    )
    store = in_memory_event_store()
    store.save(first)
    with pytest.raises(IntegrityError):
        store.save(second)


def test_orders_need_an_approved_decision_of_their_form() -> None:
    with pytest.raises(BusinessRuleBroken, match="approved decision"):
        PaymentOrder.issue(housing_decision(approve=False), actor="grants")
    with pytest.raises(BusinessRuleBroken, match="names the items"):
        DeliveryOrder.issue(housing_decision(), actor="grants")
    with pytest.raises(BusinessRuleBroken, match="add up to the decided amount"):
        PaymentOrder.issue(housing_decision(), instalments=[Money.mad("70000")], actor="grants")


def test_instalments_are_sent_confirmed_failed_retried_and_reversed() -> None:
    order = PaymentOrder.issue(
        housing_decision(), instalments=[Money.mad("70000"), Money.mad("70000")], actor="grants"
    )
    assert (order.amount, order.paid, order.status) == (Money.mad("140000"), Money.zero(), "issued")
    order.send(1, "PAIN-1", actor="grants")
    order.confirm(1, "PAIN-1", actor="grants")
    assert (order.paid, order.status) == (Money.mad("70000"), "in_progress")
    with pytest.raises(BusinessRuleBroken, match="duplicate"):
        order.confirm(1, "PAIN-1", actor="grants")  # the provider confirmed it twice
    order.send(2, "PAIN-2", actor="grants")
    with pytest.raises(BusinessRuleBroken, match="last sent with"):
        order.confirm(2, "PAIN-9", actor="grants")
    with pytest.raises(BusinessRuleBroken, match="reason"):
        order.fail(2, reason="", actor="grants")
    order.fail(2, reason="AC04 closed account", actor="grants")
    assert order.status == "failed"
    with pytest.raises(BusinessRuleBroken, match="out of order"):
        order.send(2, "PAIN-3", actor="grants")
    order.retry(2, actor="cw-1", reason="new account number")
    order.send(2, "PAIN-3", actor="grants")
    order.confirm(2, "PAIN-3", actor="grants")
    assert (order.paid, order.status, order.instalment(2).attempts) == (
        Money.mad("140000"),
        "paid",
        2,
    )
    order.reverse(1, reason="returned by the bank", actor="grants")
    assert (order.paid, order.instalment(1).status) == (Money.mad("70000"), St.REVERSED)
    with pytest.raises(BusinessRuleBroken, match="no such instalment"):
        order.send(3, "X", actor="grants")
    store = in_memory_event_store()
    store.save(order)
    read: PaymentOrder = store.repository.get(order.id)
    assert (read.instalments, read.status) == (order.instalments, "reversed")
    names = [type(e).__name__ for e in store.events.get(order.id)]
    assert names == [
        "Issued",
        "Sent",
        "Confirmed",
        "Sent",
        "Failed",
        "Retried",
        "Sent",
        "Confirmed",
        "Reversed",
    ]


def aid_decision() -> Decision:
    programme = Programme.create(reference_programme(DISABILITY_TECHNICAL_AIDS), actor="admin")
    programme.open_cycle(Cycle.fiscal_year(2026), actor="admin")
    person = PersonFacts(uuid4(), "KHN", frozenset({"disability"}))
    assessment = assess_person(programme.terms, person)
    decision = propose(programme, Cycle.fiscal_year(2026), assessment, "wheelchair", actor="cw-1")
    decision.approve(Actor("ap-1", frozenset({APPROVER}), frozenset({"KHN"})))
    return decision


def test_an_in_kind_delivery_is_confirmed_by_a_caseworker_of_the_province() -> None:
    order = DeliveryOrder.issue(aid_decision(), actor="grants")
    assert (order.items, order.status) == (("Wheelchair",), "issued")
    with pytest.raises(BusinessRuleBroken, match="caseworker of the province"):
        order.confirm_delivery(Actor("ap-1", frozenset({APPROVER}), frozenset({"KHN"})))
    with pytest.raises(BusinessRuleBroken, match="caseworker of the province"):
        order.confirm_delivery(Actor("cw-9", frozenset({CASEWORKER}), frozenset({"LAR"})))
    with pytest.raises(BusinessRuleBroken, match="not at the step"):
        order.retry(actor="cw-1")
    order.fail(actor="cw-1", reason="nobody at home")
    order.retry(actor="cw-1", reason="appointment on Monday")
    order.confirm_delivery(Actor("cw-1", frozenset({CASEWORKER}), frozenset({"KHN"})))
    assert (order.status, order.delivered_by) == ("delivered", "cw-1")
    with pytest.raises(BusinessRuleBroken, match="already delivered"):
        order.fail(actor="cw-1", reason="late")
