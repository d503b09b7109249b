import hashlib
import json
from uuid import UUID, uuid4

import pytest

from services.grants.domain.actors import APPROVER, Actor
from services.grants.domain.decision import Decision
from services.grants.domain.decision_rules import AccessRule, DecisionStatus
from services.grants.domain.eligibility import HouseholdFacts, assess_household
from services.grants.domain.payment_lines import Line, digest_of
from services.grants.domain.payment_list import PaymentList
from services.grants.domain.programme import Programme
from services.grants.domain.programme_terms import Cycle
from services.grants.domain.proposal import propose
from services.grants.domain.reference_programmes import (
    EMERGENCY_AID,
    FLOOD_RELIEF_2026_02,
    FLOODS_2026_02,
    HOUSING_AID,
    reference_programme,
)
from services.grants.persistence.event_store import in_memory_event_store
from shared.money import Money
from shared.rules import BusinessRuleBroken

CYCLE = Cycle.disaster(FLOODS_2026_02)


def flood() -> Programme:
    programme = Programme.create(reference_programme(FLOOD_RELIEF_2026_02), actor="admin")
    programme.open_cycle(CYCLE, actor="admin")
    return programme


def proposal(
    programme: Programme, province: str = "LAR", component: str = EMERGENCY_AID
) -> Decision:
    facts = HouseholdFacts(uuid4(), province, FLOODS_2026_02, True, "repairable")
    assessment = assess_household(programme.terms, facts, claimed=True)
    return propose(programme, CYCLE, assessment, component, actor="grants")


def approver(user: str) -> Actor:
    return Actor(user, frozenset({APPROVER}), frozenset({"LAR"}))


def drawn_up(programme: Programme, lines: int = 3) -> tuple[PaymentList, list[Decision]]:
    the_list = PaymentList.draw_up(programme, CYCLE, "LAR", EMERGENCY_AID, actor="cw-1")
    decisions = [proposal(programme) for _ in range(lines)]
    the_list.add(decisions, actor="cw-1")
    return the_list, decisions


def test_the_list_shows_count_total_and_a_digest_anyone_can_recompute() -> None:
    the_list, decisions = drawn_up(flood())
    assert (the_list.count, the_list.total) == (3, Money.mad("18000.00"))
    plain = sorted(
        (
            {"amount_centimes": 600000, "decision_id": str(d.id), "subject_id": str(d.subject_id)}
            for d in decisions
        ),
        key=lambda line: str(line["decision_id"]),
    )
    canonical = json.dumps(plain, separators=(",", ":"), sort_keys=True).encode()
    assert the_list.digest == hashlib.sha256(canonical).hexdigest()
    lines = [Line(d.id, d.subject_id, d.amount_centimes) for d in decisions]
    assert digest_of(reversed(lines)) == the_list.digest


def test_flood_relief_lists_need_two_users_other_than_the_drafter_then_freeze() -> None:
    programme = flood()
    the_list, _ = drawn_up(programme)
    shown = the_list.digest
    with pytest.raises(BusinessRuleBroken, match="you drew this payment list up") as broken:
        the_list.approve(approver("cw-1"), shown)
    assert isinstance(broken.value.rule, AccessRule)
    the_list.approve(approver("ap-1"), shown, reason="checked against evacuation records")
    assert not the_list.is_approved
    with pytest.raises(BusinessRuleBroken, match="already approved this payment list"):
        the_list.approve(approver("ap-1"), shown)
    with pytest.raises(BusinessRuleBroken, match="frozen"):
        the_list.add([proposal(programme)], actor="cw-1")
    the_list.approve(approver("ap-2"), shown)
    assert the_list.is_approved and the_list.approvers == ("ap-1", "ap-2")
    with pytest.raises(BusinessRuleBroken, match="frozen"):
        the_list.remove(next(iter(the_list.lines)), actor="cw-1", reason="moved away")
    with pytest.raises(BusinessRuleBroken, match="already approved"):
        the_list.approve(approver("ap-3"), shown)
    approvals = [e for e in the_list.collect_events() if isinstance(e, PaymentList.Approved)]
    assert [(e.actor, e.digest, e.count, e.total_centimes) for e in approvals] == [
        ("ap-1", shown, 3, 1_800_000),
        ("ap-2", shown, 3, 1_800_000),
    ]


def test_an_approval_of_a_digest_no_longer_current_is_refused() -> None:
    programme = flood()
    the_list, decisions = drawn_up(programme)
    shown = the_list.digest
    the_list.add([proposal(programme)], actor="cw-1")
    with pytest.raises(BusinessRuleBroken, match="changed since its digest was shown"):
        the_list.approve(approver("ap-1"), shown)
    the_list.remove(decisions[0].id, actor="cw-1", reason="household counted twice")
    the_list.approve(approver("ap-1"), the_list.digest)
    assert the_list.count == 3 and decisions[0].id not in the_list.lines


def test_lines_must_be_proposals_of_the_lists_programme_cycle_province_and_component() -> None:
    programme = flood()
    the_list, decisions = drawn_up(programme, lines=1)
    approved = proposal(programme)
    approved.approve(approver("ap-1"))
    refused = [
        (proposal(programme, province="KEN"), "programme, cycle, province and component"),
        (proposal(programme, component=HOUSING_AID), "programme, cycle, province and component"),
        (approved, "only a proposal awaiting approval"),
        (decisions[0], "already a line"),
    ]
    for decision, message in refused:
        with pytest.raises(BusinessRuleBroken, match=message):
            the_list.add([proposal(programme), decision], actor="cw-1")
    assert the_list.count == 1  # nothing half-added


def test_an_empty_list_or_a_user_from_elsewhere_cannot_approve() -> None:
    programme = flood()
    empty = PaymentList.draw_up(programme, CYCLE, "LAR", EMERGENCY_AID, number=2, actor="cw-1")
    with pytest.raises(BusinessRuleBroken, match="empty"):
        empty.approve(approver("ap-1"), empty.digest)
    elsewhere = Actor("ap-k", frozenset({APPROVER}), frozenset({"KEN"}))
    with pytest.raises(BusinessRuleBroken, match="approver role for this province"):
        empty.approve(elsewhere, empty.digest)
    first = PaymentList.create_id(programme.id, CYCLE.key, "LAR", EMERGENCY_AID, 1)
    assert isinstance(first, UUID) and empty.id != first


def test_lines_decisions_are_approved_with_the_list_and_the_list_reads_back() -> None:
    programme = flood()
    the_list, decisions = drawn_up(programme)
    the_list.approve(approver("ap-1"), the_list.digest)
    the_list.approve(approver("ap-2"), the_list.digest)
    for decision in decisions:
        decision.approve_in_list(the_list.id, the_list.approvers, actor="grants")
        assert decision.status is DecisionStatus.APPROVED
        assert decision.payment_list_id == the_list.id
    store = in_memory_event_store()
    store.save(the_list, *decisions)
    read: PaymentList = store.repository.get(the_list.id)
    assert (read.digest, read.total, read.is_approved) == (
        the_list.digest,
        Money.mad("18000"),
        True,
    )
    proposer = proposal(programme)
    with pytest.raises(BusinessRuleBroken, match="must not have proposed"):
        proposer.approve_in_list(the_list.id, ("grants", "ap-2"), actor="grants")
