"""Payment lists through the use cases, in memory: drawn up from the open proposals, approved
as shown by two users for flood relief, then their lines approved and held on the envelope."""

from __future__ import annotations

from uuid import uuid4

import pytest

from services.grants.application.payment_lists import NewPaymentList
from services.grants.domain.decision import Decision
from services.grants.domain.decision_rules import AccessRule, DecisionStatus
from services.grants.domain.eligibility import HouseholdFacts, assess_household
from services.grants.domain.programme import Programme
from services.grants.domain.programme_terms import Cycle
from services.grants.domain.proposal import propose
from services.grants.domain.reference_programmes import (
    EMERGENCY_AID,
    FLOOD_RELIEF_2026_02,
    FLOODS_2026_02,
    LARACHE,
)
from services.grants.persistence.records import EventStoreSaves
from shared.money import Money
from shared.rules import BusinessRuleBroken
from tests.unit.grants_use_cases import Grants, approver, caseworker, in_memory_grants

FLOODS = Programme.create_id(FLOOD_RELIEF_2026_02)


def evacuated(grants: Grants, households: int) -> list[Decision]:
    programme = grants.programmes.programme(FLOODS)
    decisions = []
    for _ in range(households):
        facts = HouseholdFacts(uuid4(), LARACHE, FLOODS_2026_02, evacuated=True, damage="none")
        assessment = assess_household(programme.terms, facts, claimed=True)
        decisions.append(
            propose(programme, Cycle.disaster(FLOODS_2026_02), assessment, EMERGENCY_AID,
                    actor="grants")
        )  # fmt: skip
    EventStoreSaves(grants.store).save(*decisions)
    return decisions


def flood_envelope(grants: Grants, amount: str) -> object:
    envelope_id = grants.ledger.open_envelope(
        programme_id=FLOODS, cycle_id=FLOODS_2026_02, province_code=LARACHE, actor="admin",
        reason="floods",
    )  # fmt: skip
    grants.ledger.allocate(envelope_id, amount=Money.mad(amount), actor="admin", reason="b")
    return envelope_id


def new_list() -> NewPaymentList:
    return NewPaymentList(FLOODS, FLOODS_2026_02, LARACHE, EMERGENCY_AID)


def test_two_approvals_of_the_digest_shown_approve_and_hold_every_line() -> None:
    grants = in_memory_grants()
    envelope_id = flood_envelope(grants, "30000.00")
    evacuated(grants, 3)
    drawn = grants.payment_lists.draw_up(new_list(), caseworker("cw", LARACHE))
    assert (drawn.count, drawn.total) == (3, Money.mad("18000.00"))
    with pytest.raises(BusinessRuleBroken) as own:
        grants.payment_lists.approve(
            drawn.id, approver("cw", LARACHE), digest=drawn.digest, reason=None
        )
    assert isinstance(own.value.rule, AccessRule)
    with pytest.raises(BusinessRuleBroken) as stale:
        grants.payment_lists.approve(
            drawn.id, approver("a1", LARACHE), digest="0" * 64, reason=None
        )
    assert stale.value.field == "digest"
    first = grants.payment_lists.approve(
        drawn.id, approver("a1", LARACHE), digest=drawn.digest, reason=None
    )
    assert not first.is_approved
    assert all(d.status is DecisionStatus.PROPOSED for d in grants.decisions.all())
    done = grants.payment_lists.approve(
        drawn.id, approver("a2", LARACHE), digest=drawn.digest, reason="checked"
    )
    assert done.is_approved
    assert all(d.status is DecisionStatus.APPROVED for d in grants.decisions.all())
    assert {d.payment_list_id for d in grants.decisions.all()} == {drawn.id}
    envelope = grants.ledger.envelope(envelope_id)  # type: ignore[arg-type]
    assert (envelope.held, len(envelope.holds)) == (Money.mad("18000.00"), 3)
    # A proposal made later is in the next list, never in this one.
    evacuated(grants, 1)
    second = grants.payment_lists.draw_up(new_list(), caseworker("cw", LARACHE))
    assert (second.number, second.count) == (2, 1)


def test_a_list_the_envelope_cannot_cover_is_refused_whole() -> None:
    grants = in_memory_grants()
    envelope_id = flood_envelope(grants, "17999.99")
    evacuated(grants, 3)
    drawn = grants.payment_lists.draw_up(new_list(), caseworker("cw", LARACHE))
    grants.payment_lists.approve(
        drawn.id, approver("a1", LARACHE), digest=drawn.digest, reason=None
    )
    with pytest.raises(BusinessRuleBroken) as refused:
        grants.payment_lists.approve(
            drawn.id, approver("a2", LARACHE), digest=drawn.digest, reason=None
        )
    assert refused.value.conflict
    envelope = grants.ledger.envelope(envelope_id)  # type: ignore[arg-type]
    assert envelope.held == Money.zero()
    assert all(d.status is DecisionStatus.PROPOSED for d in grants.decisions.all())
    assert len(grants.payment_lists.payment_list(drawn.id).approvers) == 1
