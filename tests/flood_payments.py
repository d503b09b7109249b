"""Approved flood-relief payment lists built with the domain directly, for the disbursement
tests, the SIGKILL script and the benchmark. Subjects are derived from a seed, so a rerun
(after a kill) rebuilds exactly the same lines."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from uuid import NAMESPACE_URL, UUID, uuid5

from services.grants.application.disbursement_ports import DisbursementRecords
from services.grants.application.disbursements import Agency
from services.grants.application.payment_provider import Account
from services.grants.domain.actors import APPROVER, Actor
from services.grants.domain.decision import Decision
from services.grants.domain.eligibility import HouseholdFacts, assess_household
from services.grants.domain.envelope import Envelope
from services.grants.domain.order import PaymentOrder
from services.grants.domain.order_values import order_id
from services.grants.domain.payment_list import PaymentList
from services.grants.domain.programme import Programme
from services.grants.domain.programme_terms import Cycle
from services.grants.domain.proposal import propose
from services.grants.domain.reference_programmes import (
    EMERGENCY_AID,
    FLOOD_RELIEF_2026_02,
    FLOODS_2026_02,
    reference_programme,
)
from shared.money import Money

CYCLE = Cycle.disaster(FLOODS_2026_02)
AGENCY = Agency("Entraide Nationale — Délégation de Sidi Kacem", Account.rib("0" * 24))
EXECUTION = date(2026, 3, 2)


def flood_programme() -> Programme:
    programme = Programme.create(reference_programme(FLOOD_RELIEF_2026_02), actor="admin")
    programme.open_cycle(CYCLE, actor="admin")
    return programme


def household(seed: str, n: int) -> UUID:
    return uuid5(NAMESPACE_URL, f"taawun:test-household:{seed}:{n}")


def approved_list(
    programme: Programme,
    households: Sequence[UUID],
    *,
    province: str = "SKC",
    component: str = EMERGENCY_AID,
    number: int = 1,
) -> tuple[PaymentList, list[Decision]]:
    """A list drawn up by cw-1 and approved by ap-1 and ap-2 (flood relief needs two), each
    line's decision approved with it."""
    the_list = PaymentList.draw_up(
        programme, CYCLE, province, component, number=number, actor="cw-1"
    )
    decisions = []
    for subject in households:
        facts = HouseholdFacts(subject, province, FLOODS_2026_02, True, "destroyed")
        assessment = assess_household(programme.terms, facts, claimed=True)
        decisions.append(propose(programme, CYCLE, assessment, component, actor="grants"))
    the_list.add(decisions, actor="cw-1")
    for user in ("ap-1", "ap-2"):
        the_list.approve(Actor(user, frozenset({APPROVER}), frozenset({province})), the_list.digest)
    for decision in decisions:
        decision.approve_in_list(the_list.id, the_list.approvers, actor="grants")
    return the_list, decisions


def funded_envelope(
    programme: Programme, province: str, decisions: Sequence[Decision], spare: Money | None = None
) -> Envelope:
    """The province's envelope, allocated what the decisions need (and `spare`), each
    decision's hold placed under its id, as the approval does."""
    envelope = Envelope.open(
        programme_id=programme.id,
        cycle_id=CYCLE.key,
        province_code=province,
        actor="admin",
        reason="loi de finances",
    )
    total = sum((d.amount_centimes or 0) for d in decisions) + (spare.centimes if spare else 0)
    envelope.allocate(amount=Money(total), actor="admin", reason="allocation")
    for d in decisions:
        envelope.place_hold(
            hold_id=d.id, amount=Money(d.amount_centimes or 0), actor="ap-1", reason="approved"
        )
    return envelope


def orders_of(records: DisbursementRecords, decisions: Sequence[Decision]) -> list[PaymentOrder]:
    found = []
    for d in decisions:
        order = records.get(order_id(d.programme_id, d.cycle, d.component, d.subject_id))
        assert isinstance(order, PaymentOrder), d.id
        found.append(order)
    return found
