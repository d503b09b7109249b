"""Decisions, payment lists and programmes as they leave grants: each step its contract, amounts
to the centime, no personal data."""

from __future__ import annotations

from uuid import uuid4

from services.grants.domain.actors import APPROVER, Actor
from services.grants.domain.decision import Decision
from services.grants.domain.eligibility import (
    AssociationFacts,
    GrantApplication,
    HouseholdFacts,
    InstitutionFacts,
    assess_application,
    assess_household,
)
from services.grants.domain.payment_list import PaymentList
from services.grants.domain.programme import Programme
from services.grants.domain.programme_terms import Cycle
from services.grants.domain.proposal import propose
from services.grants.domain.reference_programmes import (
    ANNUAL_GRANT,
    EMERGENCY_AID,
    FLOOD_RELIEF_2026_02,
    FLOODS_2026_02,
    SOCIAL_CARE_INSTITUTIONS,
    reference_programme,
)
from services.grants.interfaces.publishing import publishing_for
from shared.contracts import (
    grants_decisions,
    grants_envelopes,
    grants_orders,
    grants_payment_lists,
    grants_programmes,
)
from shared.money import Money
from tests.unit.grants_wire import PERSONAL, field_names, on_the_wire

Y2021 = Cycle.fiscal_year(2021)
FLOODS = Cycle.disaster(FLOODS_2026_02)
PUBLISHING = publishing_for(None)


def approver(user: str, province: str = "KHN") -> Actor:
    return Actor(user, frozenset({APPROVER}), frozenset({province}))


def grant(amount: str) -> Decision:
    programme = Programme.create(reference_programme(SOCIAL_CARE_INSTITUTIONS), actor="admin")
    programme.open_cycle(Y2021, actor="admin")
    association = AssociationFacts(uuid4(), "KHN", frozenset({"child_in_difficulty"}))
    institution = InstitutionFacts(uuid4(), "KHN", "licensed", association.association_id)
    application = GrantApplication(association, Money.mad(amount), institution)
    assessment = assess_application(programme.terms, application)
    return propose(programme, Y2021, assessment, ANNUAL_GRANT, actor="cw-1", reason="plan 2021")


def types_of(decision: Decision) -> list[str]:
    return [on_the_wire(PUBLISHING, e)[1] for e in decision.collect_events()]


def test_a_proposal_goes_out_with_its_amount_to_the_centime_and_no_personal_data() -> None:
    decision = grant("1468411.37")
    [proposed] = decision.collect_events()

    topic, type_, payload = on_the_wire(PUBLISHING, proposed)

    assert (topic, type_) == (grants_decisions.DECISIONS_TOPIC, "DecisionProposed")
    assert payload == {
        "decision_id": str(decision.id),
        "programme_id": str(decision.programme_id),
        "cycle": "2021",
        "component": ANNUAL_GRANT,
        "subject_id": str(decision.subject_id),
        "province_code": "KHN",
        "amount": {"amount": "1468411.37", "currency": "MAD"},
        "items": [],
        "needs_authorisation": True,  # above the programme's threshold
        "actor": "cw-1",
        "reason": "plan 2021",
    }


def test_a_first_approval_is_approved_and_a_second_is_authorised() -> None:
    below, above = grant("160000.00"), grant("3000000.00")
    below.approve(approver("ap-1"))
    above.approve(approver("ap-1"), reason="within the plan")
    above.approve(approver("ap-2"), reason="authorised by the delegate")

    assert types_of(below) == ["DecisionProposed", "DecisionApproved"]
    assert types_of(above) == ["DecisionProposed", "DecisionApproved", "DecisionAuthorised"]


def test_an_amended_proposal_goes_out_with_its_new_amount_and_is_then_approved_first() -> None:
    decision, corrected = grant("3000000.00"), grant("160000.00")
    decision.amend(corrected, actor="grants", reason="corrected: the plan was revised")
    decision.approve(approver("ap-1"))
    events = decision.collect_events()

    _, type_, payload = on_the_wire(PUBLISHING, events[1])

    assert (type_, payload["amount"], payload["needs_authorisation"]) == (
        "DecisionAmended", {"amount": "160000.00", "currency": "MAD"}, False,
    )  # fmt: skip
    assert on_the_wire(PUBLISHING, events[2])[1] == "DecisionApproved"  # not an authorisation


def test_approvals_stored_before_amendments_existed_are_read_first_or_authorising() -> None:
    """A v1 `Approved` carried no `authorises`: right after the proposal it was the first."""
    state: dict[str, object] = {"originator_version": 2}
    Decision.Approved.upcast_v1_v2(state)
    later: dict[str, object] = {"originator_version": 3}
    Decision.Approved.upcast_v1_v2(later)
    assert (state["authorises"], later["authorises"]) == (False, True)


def test_an_upheld_appeal_is_the_approval_the_rejection_refused() -> None:
    first_refused, authorisation_refused = grant("3000000.00"), grant("3000000.00")
    first_refused.reject(approver("ap-1"), reason="report 2020 missing")
    first_refused.appeal(actor="cw-1", reason="report 2020 filed on 3 March")
    first_refused.uphold_appeal(approver("ap-2"), reason="report received")
    first_refused.approve(approver("ap-3"), reason="authorised")
    authorisation_refused.approve(approver("ap-1"))
    authorisation_refused.reject(approver("ap-2"), reason="over the envelope's plan")
    authorisation_refused.appeal(actor="cw-1", reason="plan revised")
    authorisation_refused.uphold_appeal(approver("ap-3"), reason="revised plan fits")

    assert types_of(first_refused) == [
        "DecisionProposed",
        "DecisionRejected",
        "DecisionAppealed",
        "DecisionAppealDecided",
        "DecisionAuthorised",
    ]
    assert types_of(authorisation_refused) == [
        "DecisionProposed",
        "DecisionApproved",
        "DecisionRejected",
        "DecisionAppealed",
        "DecisionAppealDecided",
    ]


def test_a_rejection_appeal_dismissal_and_cancellation_carry_who_and_why() -> None:
    dismissed, cancelled = grant("160000.00"), grant("160000.00")
    dismissed.reject(approver("ap-1"), reason="no licence")
    dismissed.appeal(actor="cw-1", reason="licence renewed")
    dismissed.dismiss_appeal(approver("ap-2"), reason="renewed after the deadline")
    cancelled.cancel(actor="grants", reason="association dissolved")
    wire = [on_the_wire(PUBLISHING, e) for e in dismissed.collect_events()[1:]]
    [(_, _, cancellation)] = [on_the_wire(PUBLISHING, e) for e in cancelled.collect_events()[1:]]

    assert [(t, p["actor"], p["reason"]) for _, t, p in wire] == [
        ("DecisionRejected", "ap-1", "no licence"),
        ("DecisionAppealed", "cw-1", "licence renewed"),
        ("DecisionAppealDecided", "ap-2", "renewed after the deadline"),
    ]
    assert wire[-1][2]["outcome"] == "dismissed"
    assert cancellation == {
        "decision_id": str(cancelled.id),
        "actor": "grants",
        "reason": "association dissolved",
    }


def flood() -> Programme:
    programme = Programme.create(reference_programme(FLOOD_RELIEF_2026_02), actor="admin")
    programme.open_cycle(FLOODS, actor="admin")
    return programme


def test_a_payment_list_goes_out_drawn_up_and_approved_with_count_total_and_digest() -> None:
    programme = flood()
    the_list = PaymentList.draw_up(programme, FLOODS, "LAR", EMERGENCY_AID, actor="cw-1")
    decisions = []
    for _ in range(3):
        facts = HouseholdFacts(uuid4(), "LAR", FLOODS_2026_02, True, "repairable")
        assessment = assess_household(programme.terms, facts, claimed=True)
        decisions.append(propose(programme, FLOODS, assessment, EMERGENCY_AID, actor="grants"))
    the_list.add(decisions, actor="cw-1")
    digest = the_list.digest
    the_list.approve(approver("ap-1", "LAR"), digest)
    the_list.approve(approver("ap-2", "LAR"), digest, reason="second signature")
    decisions[0].approve_in_list(the_list.id, ("ap-1", "ap-2"), actor="grants")

    events = the_list.collect_events()
    wire = [on_the_wire(PUBLISHING, e) for e in events if PUBLISHING(e) is not None]
    [_, (_, in_list_type, in_list)] = [
        on_the_wire(PUBLISHING, e) for e in decisions[0].collect_events()
    ]

    assert [type(e).__name__ for e in events if PUBLISHING(e) is None] == ["LinesAdded"]
    assert [t for _, t, _ in wire] == [
        "PaymentListDrawnUp",
        "PaymentListApproved",
        "PaymentListApproved",
    ]
    assert {topic for topic, _, _ in wire} == {grants_payment_lists.PAYMENT_LISTS_TOPIC}
    assert wire[0][2]["approvals_needed"] == 2
    for _, _, approved in wire[1:]:
        assert approved["count"] == 3
        assert approved["total"] == {"amount": "18000.00", "currency": "MAD"}
        assert approved["digest"] == digest
    assert (wire[2][2]["actor"], wire[2][2]["reason"]) == ("ap-2", "second signature")
    assert in_list_type == "DecisionApprovedInList"
    assert (in_list["payment_list_id"], in_list["approvers"]) == (
        str(the_list.id),
        ["ap-1", "ap-2"],
    )


def test_a_programme_goes_out_with_its_kind_components_and_fixed_amounts() -> None:
    programme = flood()
    [(_, created_type, created), (_, opened_type, opened)] = [
        on_the_wire(PUBLISHING, e) for e in programme.collect_events()
    ]

    assert (created_type, opened_type) == ("ProgrammeCreated", "ProgrammeCycleOpened")
    assert (created_type, created["kind"], created["trigger"]) == (
        "ProgrammeCreated", "aid_to_household", "claim",
    )  # fmt: skip
    assert sorted(created["declared_provinces"]) == created["declared_provinces"]
    housing = next(c for c in created["components"] if c["code"] != EMERGENCY_AID)
    assert {e["amount"]["amount"] for e in housing["entitlements"]} == {"15000.00", "140000.00"}
    assert opened == {"programme_id": str(programme.id), "cycle": FLOODS.key, "actor": "admin"}


def test_no_grants_contract_carries_personal_data_and_each_has_a_version() -> None:
    modules = (grants_programmes, grants_decisions, grants_payment_lists, grants_orders)
    contracts = [c for m in (*modules, grants_envelopes) for c in m.CONTRACTS]
    for contract in contracts:
        assert contract.VERSION >= 1
        names = field_names(contract)
        assert not [n for n in names if any(p in n for p in PERSONAL)], contract.TYPE
        assert "amount_centimes" not in names and "total_centimes" not in names
