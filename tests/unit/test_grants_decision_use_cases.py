"""Applications, four-eyes decisions and envelope holds through the use cases, in memory."""

from __future__ import annotations

from dataclasses import replace
from uuid import uuid4

import pytest
from eventsourcing.persistence import OperationalError

from services.grants.application.applications import NewApplication
from services.grants.application.holds import save_holding
from services.grants.application.ports import DecisionQuery, RecordChangedMeanwhile
from services.grants.application.programmes import ProgrammeCatalogue
from services.grants.domain.decision_rules import AccessRule, DecisionStatus
from services.grants.domain.eligibility import AssociationFacts, InstitutionFacts
from services.grants.domain.envelope import Envelope
from services.grants.domain.programme import Programme
from services.grants.domain.reference_programmes import (
    DISABILITY_ASSOCIATIONS,
    REFERENCE_PROGRAMMES,
    SOCIAL_CARE_INSTITUTIONS,
)
from services.grants.persistence.records import EventStoreSaves
from shared.money import Money
from shared.rules import BusinessRuleBroken
from tests.unit.grants_use_cases import Grants, approver, caseworker, in_memory_grants

CARE = Programme.create_id(SOCIAL_CARE_INSTITUTIONS)
DISABILITY = Programme.create_id(DISABILITY_ASSOCIATIONS)


def budget(grants: Grants, programme_id: object, amount: str) -> Envelope:
    assert isinstance(programme_id, type(CARE))
    envelope_id = grants.ledger.open_envelope(
        programme_id=programme_id, cycle_id="2021", province_code="KHN", actor="admin",
        reason="2021",
    )  # fmt: skip
    return grants.ledger.allocate(envelope_id, amount=Money.mad(amount), actor="admin", reason="b")


def care_application(grants: Grants, amount: str) -> NewApplication:
    association = AssociationFacts(uuid4(), "KHN", frozenset({"child_in_difficulty"}))
    institution = InstitutionFacts(uuid4(), "KHN", "licensed", association.association_id)
    grants.facts.know_association(association)
    grants.facts.know_institution(institution)
    return NewApplication(
        programme=SOCIAL_CARE_INSTITUTIONS, fiscal_year=2021,
        association_id=association.association_id, institution_id=institution.institution_id,
        requested=Money.mad(amount), purpose="running costs 2021",
    )  # fmt: skip


def test_reference_programmes_are_seeded_once() -> None:
    grants = in_memory_grants()
    assert grants.programmes.seed_reference_programmes() == 0
    assert [p.terms.code for p in grants.programmes.all()] == sorted(
        t.code for t in REFERENCE_PROGRAMMES
    )


def test_an_approval_above_the_threshold_is_authorised_and_then_held() -> None:
    grants = in_memory_grants()
    grants.programmes.open_cycle(CARE, "2021", actor="admin", reason="budget 2021")
    envelope = budget(grants, CARE, "3160000.00")
    _, decision = grants.applications.apply(
        care_application(grants, "3000000.00"), caseworker("cw")
    )
    with pytest.raises(BusinessRuleBroken) as own:
        grants.decisions.approve(decision.id, approver("cw"), reason=None)
    assert isinstance(own.value.rule, AccessRule)
    approved = grants.decisions.approve(decision.id, approver("ap-1"), reason=None)
    assert approved.status is DecisionStatus.AWAITING_AUTHORISATION
    assert grants.ledger.envelope(envelope.id).held == Money.zero()
    with pytest.raises(BusinessRuleBroken):
        grants.decisions.authorise(decision.id, approver("ap-1"), reason=None)
    authorised = grants.decisions.authorise(decision.id, approver("ap-2"), reason="ok")
    assert authorised.status is DecisionStatus.APPROVED
    assert grants.ledger.envelope(envelope.id).held == Money.mad("3000000.00")
    # Saved beside its hold, the approval still reaches the decisions' index.
    approved_now = DecisionQuery(frozenset({"KHN"}), status=DecisionStatus.APPROVED)
    assert [d.id for d in grants.decisions.find(approved_now).decisions] == [decision.id]
    history = [e.what for e in grants.decisions.history(decision.id)]
    assert history == ["Proposed", "Approved", "Approved"]


def test_a_refused_hold_leaves_the_decision_unapproved() -> None:
    grants = in_memory_grants()
    grants.programmes.open_cycle(CARE, "2021", actor="admin", reason="budget 2021")
    envelope = budget(grants, CARE, "100000.00")
    _, decision = grants.applications.apply(care_application(grants, "160000.00"), caseworker("cw"))
    with pytest.raises(BusinessRuleBroken) as refused:
        grants.decisions.approve(decision.id, approver("ap-1"), reason=None)
    assert refused.value.conflict
    assert grants.decisions.decision(decision.id).status is DecisionStatus.PROPOSED
    assert grants.ledger.envelope(envelope.id).held == Money.zero()


def test_no_envelope_refuses_the_approval_as_a_conflict() -> None:
    grants = in_memory_grants()
    grants.programmes.open_cycle(CARE, "2021", actor="admin", reason="budget 2021")
    _, decision = grants.applications.apply(care_application(grants, "160000.00"), caseworker("cw"))
    with pytest.raises(BusinessRuleBroken) as refused:
        grants.decisions.approve(decision.id, approver("ap-1"), reason=None)
    assert (refused.value.conflict, refused.value.field) == (True, "envelope")
    assert grants.decisions.decision(decision.id).status is DecisionStatus.PROPOSED


def test_applications_are_checked_against_the_programme() -> None:
    grants = in_memory_grants()
    grants.programmes.open_cycle(CARE, "2021", actor="admin", reason="budget 2021")
    new = care_application(grants, "3000000.01")
    with pytest.raises(BusinessRuleBroken) as above:
        grants.applications.apply(new, caseworker("cw"))
    assert above.value.field == "amount"
    with pytest.raises(BusinessRuleBroken) as unknown:
        grants.applications.apply(replace(new, programme="nope"), caseworker("cw"))
    assert unknown.value.field == "programme"
    with pytest.raises(BusinessRuleBroken) as elsewhere:
        grants.applications.apply(
            replace(new, requested=Money.mad("1.00")), caseworker("cw", "LAR")
        )
    assert isinstance(elsewhere.value.rule, AccessRule)
    grants.applications.apply(replace(new, requested=Money.mad("1.00")), caseworker("cw"))
    with pytest.raises(BusinessRuleBroken) as twice:
        grants.applications.apply(replace(new, requested=Money.mad("2.00")), caseworker("cw"))
    assert twice.value.conflict


def test_a_rejection_is_appealed_once_and_decided_by_another_approver() -> None:
    grants = in_memory_grants()
    grants.programmes.open_cycle(CARE, "2021", actor="admin", reason="budget 2021")
    envelope = budget(grants, CARE, "200000.00")
    _, d = grants.applications.apply(care_application(grants, "160000.00"), caseworker("cw"))
    grants.decisions.reject(d.id, approver("ap-1"), reason="incomplete file")
    grants.decisions.appeal(d.id, caseworker("cw"), reason="file completed")
    with pytest.raises(BusinessRuleBroken) as same:
        grants.decisions.decide_appeal(d.id, approver("ap-1"), uphold=True, reason="ok")
    assert isinstance(same.value.rule, AccessRule)
    upheld = grants.decisions.decide_appeal(d.id, approver("ap-2"), uphold=True, reason="ok")
    assert upheld.status is DecisionStatus.APPROVED
    assert grants.ledger.envelope(envelope.id).held == Money.mad("160000.00")
    before = grants.decisions.history(d.id)[1].when
    assert grants.decisions.decision(d.id, as_of=before).status is DecisionStatus.REJECTED


def test_a_replica_seeding_after_another_stores_nothing_twice() -> None:
    grants = in_memory_grants()

    class RacedRecords:
        """The rival replica saved the programmes between this one's look and its save."""

        def get(self, record_id: object, *, as_of: object = None) -> None:
            return None

    late = ProgrammeCatalogue(RacedRecords(), EventStoreSaves(grants.store))  # type: ignore[arg-type]
    assert late.seed_reference_programmes() == 0
    assert len(grants.programmes.all()) == len(REFERENCE_PROGRAMMES)


def test_two_approvers_at_once_hold_the_amount_once_and_the_second_is_a_conflict() -> None:
    """Both load the proposal; the first approval stores the decision and its hold together;
    the second finds the hold taken (409) and stores nothing."""
    grants = in_memory_grants()
    grants.programmes.open_cycle(CARE, "2021", actor="admin", reason="budget 2021")
    envelope = budget(grants, CARE, "200000.00")
    _, d = grants.applications.apply(care_application(grants, "160000.00"), caseworker("cw"))
    theirs = grants.decisions.decision(d.id)
    grants.decisions.approve(d.id, approver("ap-1"), reason="first")
    theirs.approve(approver("ap-2"), reason="second")
    with pytest.raises(BusinessRuleBroken) as second:
        save_holding(
            grants.ledger, EventStoreSaves(grants.store), [theirs], approved=[theirs],
            actor="ap-2", reason="second",
        )  # fmt: skip
    assert (second.value.conflict, type(second.value.rule).__name__) == (
        True, "HoldMustBePlacedOnce",
    )  # fmt: skip
    after = grants.ledger.envelope(envelope.id)
    assert (after.held, len(after.holds)) == (Money.mad("160000.00"), 1)
    assert [e.who for e in grants.decisions.history(d.id)] == ["cw", "ap-1"]


def test_an_approval_whose_store_fails_leaves_neither_decision_nor_hold() -> None:
    grants = in_memory_grants()
    grants.programmes.open_cycle(CARE, "2021", actor="admin", reason="budget 2021")
    envelope = budget(grants, CARE, "200000.00")
    _, d = grants.applications.apply(care_application(grants, "160000.00"), caseworker("cw"))
    recorder = grants.store.recorder
    real = recorder.insert_events

    def database_gone(*args: object, **kwargs: object) -> None:
        raise OperationalError("the database went away")

    recorder.insert_events = database_gone  # type: ignore[method-assign,assignment]
    with pytest.raises(OperationalError):
        grants.decisions.approve(d.id, approver("ap-1"), reason=None)
    recorder.insert_events = real  # type: ignore[method-assign]
    assert grants.decisions.decision(d.id).status is DecisionStatus.PROPOSED
    assert grants.ledger.envelope(envelope.id).held == Money.zero()
    # Nothing is left behind that would refuse the approval made again.
    assert grants.decisions.approve(d.id, approver("ap-1"), reason=None).status is (
        DecisionStatus.APPROVED
    )
    assert grants.ledger.envelope(envelope.id).held == Money.mad("160000.00")


def test_a_decision_changed_meanwhile_with_the_envelope_untouched_is_a_conflict() -> None:
    """The envelope did not move: the collision was on the decision's own events."""
    grants = in_memory_grants()
    grants.programmes.open_cycle(CARE, "2021", actor="admin", reason="budget 2021")
    envelope = budget(grants, CARE, "200000.00")
    _, d = grants.applications.apply(care_application(grants, "160000.00"), caseworker("cw"))
    theirs = grants.decisions.decision(d.id)
    grants.decisions.reject(d.id, approver("ap-1"), reason="incomplete file")
    theirs.approve(approver("ap-2"), reason="late")
    with pytest.raises(RecordChangedMeanwhile):
        save_holding(
            grants.ledger, EventStoreSaves(grants.store), [theirs], approved=[theirs],
            actor="ap-2", reason="late",
        )  # fmt: skip
    assert grants.ledger.envelope(envelope.id).held == Money.zero()
    assert grants.decisions.decision(d.id).status is DecisionStatus.REJECTED
