from uuid import uuid4

import pytest
from eventsourcing.persistence import IntegrityError

from services.grants.domain.actors import APPROVER, CASEWORKER, Actor
from services.grants.domain.decision import Decision
from services.grants.domain.decision_rules import AccessRule, DecisionStatus
from services.grants.domain.eligibility import (
    AssociationFacts,
    GrantApplication,
    HouseholdFacts,
    InstitutionFacts,
    assess_application,
    assess_household,
)
from services.grants.domain.programme import Programme
from services.grants.domain.programme_terms import Cycle
from services.grants.domain.proposal import propose
from services.grants.domain.reference_programmes import (
    ANNUAL_GRANT,
    EMERGENCY_AID,
    FLOOD_RELIEF_2026_02,
    FLOODS_2026_02,
    HOUSING_AID,
    SOCIAL_CARE_INSTITUTIONS,
    reference_programme,
)
from services.grants.persistence.event_store import in_memory_event_store
from shared.money import Money
from shared.rules import BusinessRuleBroken

S = DecisionStatus
Y2021 = Cycle.fiscal_year(2021)


def approver(user: str, province: str = "KHN") -> Actor:
    return Actor(user, frozenset({APPROVER}), frozenset({province}))


def care_programme() -> Programme:
    programme = Programme.create(reference_programme(SOCIAL_CARE_INSTITUTIONS), actor="admin")
    programme.open_cycle(Y2021, actor="admin")
    return programme


def grant(amount: str, programme: Programme | None = None) -> Decision:
    programme = programme or care_programme()
    association = AssociationFacts(uuid4(), "KHN", frozenset({"child_in_difficulty"}))
    institution = InstitutionFacts(uuid4(), "KHN", "licensed", association.association_id)
    application = GrantApplication(association, Money.mad(amount), institution)
    assessment = assess_application(programme.terms, application)
    return propose(programme, Y2021, assessment, ANNUAL_GRANT, actor="cw-1", reason="plan 2021")


def test_a_proposal_below_the_threshold_is_approved_by_another_approver() -> None:
    decision = grant("160000.00")
    assert (decision.status, decision.proposed_by, decision.amount) == (
        S.PROPOSED,
        "cw-1",
        Money.mad("160000.00"),
    )
    decision.approve(approver("ap-1"), reason="in the action plan")
    assert (decision.status, decision.approved_by) == (S.APPROVED, ("ap-1",))
    proposed, approved = decision.collect_events()
    assert isinstance(approved, Decision.Approved)
    assert (approved.actor, approved.reason) == ("ap-1", "in the action plan")
    assert approved.timestamp >= proposed.timestamp
    assert isinstance(proposed, Decision.Proposed) and proposed.amount_centimes == 16_000_000


def test_approving_your_own_proposal_is_an_access_rule_broken() -> None:
    decision = grant("160000.00")
    proposer = Actor("cw-1", frozenset({CASEWORKER, APPROVER}), frozenset({"KHN"}))
    with pytest.raises(BusinessRuleBroken, match="your own proposal") as broken:
        decision.approve(proposer)
    assert isinstance(broken.value.rule, AccessRule)
    assert decision.status is S.PROPOSED


@pytest.mark.parametrize(
    "user",
    [
        Actor("ap-9", frozenset({APPROVER}), frozenset({"LAR"})),  # another province
        Actor("cw-2", frozenset({CASEWORKER}), frozenset({"KHN"})),  # not an approver
    ],
)
def test_only_an_approver_for_the_province_decides(user: Actor) -> None:
    decision = grant("160000.00")
    for step in (decision.approve, lambda a: decision.reject(a, reason="no")):
        with pytest.raises(BusinessRuleBroken, match="approver role for this province") as e:
            step(user)
        assert isinstance(e.value.rule, AccessRule)
    decision.approve(Actor("ap-0", frozenset({APPROVER}), frozenset({"*"})))
    assert decision.status is S.APPROVED


def test_above_the_threshold_a_third_user_authorises() -> None:
    decision = grant("3000000.00")
    assert decision.needs_second_approval
    decision.approve(approver("ap-1"))
    assert decision.status is S.AWAITING_AUTHORISATION
    for same in ("ap-1", "cw-1"):
        with pytest.raises(BusinessRuleBroken) as broken:
            decision.approve(approver(same))
        assert isinstance(broken.value.rule, AccessRule)
    decision.approve(approver("ap-2"), reason="authorised by the delegate")
    assert (decision.status, decision.approved_by) == (S.APPROVED, ("ap-1", "ap-2"))
    with pytest.raises(BusinessRuleBroken, match="not at a step"):
        decision.approve(approver("ap-3"))


def test_at_the_threshold_one_approval_is_enough() -> None:
    decision = grant("1000000.00")
    decision.approve(approver("ap-1"))
    assert decision.status is S.APPROVED


def test_a_rejection_is_appealed_once_and_decided_by_another_approver() -> None:
    decision = grant("160000.00")
    with pytest.raises(BusinessRuleBroken, match="need a reason"):
        decision.reject(approver("ap-1"), reason=" ")
    with pytest.raises(BusinessRuleBroken, match="only a rejected decision"):
        decision.appeal(actor="cw-1", reason="too early")
    decision.reject(approver("ap-1"), reason="report 2020 missing")
    assert (decision.status, decision.rejected_by) == (S.REJECTED, "ap-1")
    decision.appeal(actor="cw-1", reason="report 2020 filed on 3 March")
    with pytest.raises(BusinessRuleBroken, match="other than the one who rejected") as broken:
        decision.uphold_appeal(approver("ap-1"), reason="ok")
    assert isinstance(broken.value.rule, AccessRule)
    with pytest.raises(BusinessRuleBroken, match="already been appealed once"):
        decision.appeal(actor="cw-1", reason="again")
    decision.uphold_appeal(approver("ap-2"), reason="report received")
    assert (decision.status, decision.approved_by) == (S.APPROVED, ("ap-2",))
    assert [type(e).__name__ for e in decision.collect_events()] == [
        "Proposed",
        "Rejected",
        "Appealed",
        "AppealUpheld",
    ]


def test_a_dismissed_appeal_is_final() -> None:
    decision = grant("160000.00")
    decision.reject(approver("ap-1"), reason="no licence")
    decision.appeal(actor="cw-1", reason="licence pending")
    decision.dismiss_appeal(approver("ap-2"), reason="still not licensed")
    assert decision.status is S.APPEAL_DISMISSED
    with pytest.raises(BusinessRuleBroken, match="already been appealed"):
        decision.appeal(actor="cw-1", reason="again")
    with pytest.raises(BusinessRuleBroken, match="already final"):
        decision.cancel(actor="grants", reason="exited")


def test_an_upheld_appeal_above_the_threshold_still_needs_an_authorisation() -> None:
    decision = grant("1468411.00")
    decision.reject(approver("ap-1"), reason="budget")
    decision.appeal(actor="cw-1", reason="budget voted")
    decision.uphold_appeal(approver("ap-2"), reason="agreed")
    assert decision.status is S.AWAITING_AUTHORISATION
    decision.approve(approver("ap-3"))
    assert decision.approved_by == ("ap-2", "ap-3")


def test_the_same_proposal_twice_has_the_same_id_and_collides_in_the_store() -> None:
    programme = Programme.create(reference_programme(FLOOD_RELIEF_2026_02), actor="admin")
    programme.open_cycle(Cycle.disaster(FLOODS_2026_02), actor="admin")
    facts = HouseholdFacts(uuid4(), "LAR", FLOODS_2026_02, True, "destroyed")
    cycle = Cycle.disaster(FLOODS_2026_02)
    assessment = assess_household(programme.terms, facts, claimed=True)
    first = propose(programme, cycle, assessment, EMERGENCY_AID, actor="grants")
    again = propose(programme, cycle, assessment, EMERGENCY_AID, actor="grants")
    housing = propose(programme, cycle, assessment, HOUSING_AID, actor="grants")
    assert first.id == again.id != housing.id
    assert first.id == Decision.create_id(
        programme.id, FLOODS_2026_02, EMERGENCY_AID, facts.household_id
    )
    assert (housing.amount, housing.needs_second_approval) == (Money.mad("140000"), False)
    store = in_memory_event_store()
    store.save(first, housing)
    with pytest.raises(IntegrityError):
        store.save(again)


def test_proposals_need_an_open_cycle_and_an_eligible_subject() -> None:
    programme = Programme.create(reference_programme(FLOOD_RELIEF_2026_02), actor="admin")
    cycle = Cycle.disaster(FLOODS_2026_02)
    eligible = assess_household(
        programme.terms, HouseholdFacts(uuid4(), "KEN", FLOODS_2026_02, True, "none"), claimed=True
    )
    with pytest.raises(BusinessRuleBroken, match="cycle is not open"):
        propose(programme, cycle, eligible, EMERGENCY_AID, actor="grants")
    programme.open_cycle(cycle, actor="admin")
    with pytest.raises(BusinessRuleBroken, match="not due") as broken:
        propose(programme, cycle, eligible, HOUSING_AID, actor="grants")
    assert broken.value.field == "component"
    outside = assess_household(
        programme.terms, HouseholdFacts(uuid4(), "RAB", FLOODS_2026_02, True, "none"), claimed=True
    )
    with pytest.raises(BusinessRuleBroken, match="declared a disaster zone"):
        propose(programme, cycle, outside, EMERGENCY_AID, actor="grants")


def test_an_open_decision_is_cancelled_with_a_reason_and_read_back_from_the_store() -> None:
    decision = grant("160000.00")
    decision.approve(approver("ap-1"))
    decision.cancel(actor="grants", reason="institution closed in intake")
    store = in_memory_event_store()
    store.save(decision)
    read: Decision = store.repository.get(decision.id)
    assert (read.status, read.approved_by, read.amount) == (
        S.CANCELLED,
        ("ap-1",),
        Money.mad("160000.00"),
    )
