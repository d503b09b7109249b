"""A caseworker refers a beneficiary grants knows for a person programme: assessed as grants'
own proposals are (the caseworker's attestation standing for the type of disability grants
never holds), one decision per component, cycle and person, then the four eyes."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from typing import Any

import pytest
from eventsourcing.persistence import StoredEvent

from services.grants.domain.decision import Decision
from services.grants.domain.decision_rules import AccessRule, DecisionStatus
from services.grants.domain.programme import Programme
from services.grants.domain.reference_programmes import (
    DISABILITY_FOOD_AID,
    DISABILITY_TECHNICAL_AIDS,
    FLOOD_RELIEF_2026_02,
)
from services.grants.interfaces.publishing import publishing_for
from shared.contracts.intake import BeneficiaryStatusChangedV1
from shared.rules import BusinessRuleBroken
from tests.unit.grants_referrals import MARCH, ReferringGrants, food_aid
from tests.unit.grants_use_cases import approver, caseworker


@pytest.fixture
def grants() -> ReferringGrants:
    grants = ReferringGrants()
    grants.open_cycle(DISABILITY_FOOD_AID, MARCH)
    return grants


def refused(grants: ReferringGrants, referral: object, actor: object = None) -> BusinessRuleBroken:
    with pytest.raises(BusinessRuleBroken) as refusal:
        grants.referrals.refer(referral, actor or caseworker("cw"))  # type: ignore[arg-type]
    return refusal.value


def test_food_aid_is_proposed_on_a_caseworkers_attestation_then_approved_by_another(
    grants: ReferringGrants,
) -> None:
    person = grants.enrol("disability")
    assert grants.decisions_of(person) == []  # intake's events alone never propose food aid

    decision = grants.referrals.refer(food_aid(person), caseworker("cw"))

    assert decision.id == Decision.create_id(
        Programme.create_id(DISABILITY_FOOD_AID), MARCH, "food_basket", person
    )
    assert (decision.status, decision.province_code, decision.items) == (
        DecisionStatus.PROPOSED, "KHN", ("Food basket",),
    )  # fmt: skip
    assert decision.disability_type_attested
    assert [d.id for d in grants.decisions_of(person)] == [decision.id]
    [proposed] = grants.decisions.history(decision.id)
    assert (proposed.what, proposed.who, proposed.why) == (
        "Proposed", "cw", "home visit: disability card seen",
    )  # fmt: skip
    with pytest.raises(BusinessRuleBroken) as own:
        grants.decisions.approve(decision.id, approver("cw"), reason=None)
    assert isinstance(own.value.rule, AccessRule)
    approved = grants.decisions.approve(decision.id, approver("ap"), reason=None)
    assert approved.status is DecisionStatus.APPROVED


def test_a_second_referral_of_the_same_thing_is_a_conflict_not_a_second_decision(
    grants: ReferringGrants,
) -> None:
    person = grants.enrol("disability")
    grants.referrals.refer(food_aid(person), caseworker("cw"))

    again = refused(grants, food_aid(person), caseworker("cw-2"))

    assert (again.conflict, again.field) == (True, "component")
    assert len(grants.decisions_of(person)) == 1


def test_without_the_attestation_food_aid_is_refused_naming_it(grants: ReferringGrants) -> None:
    person = grants.enrol("disability")
    refusal = refused(grants, food_aid(person, disability_type_attested=False))
    assert (refusal.conflict, refusal.field) == (False, "disability_type_attested")
    assert grants.decisions_of(person) == []


def test_refusals_name_the_field(grants: ReferringGrants) -> None:
    person = grants.enrol("disability")
    elderly = grants.enrol("elderly_without_support")
    suspended = grants.enrol("disability")
    grants.tell(BeneficiaryStatusChangedV1(beneficiary_id=suspended, status="suspended"))
    cases: list[tuple[dict[str, Any], str]] = [
        ({"programme": "no-such-programme"}, "programme"),
        ({"programme": FLOOD_RELIEF_2026_02}, "programme"),
        ({"cycle": "2026-13"}, "cycle"),
        ({"cycle": "2026"}, "cycle"),
        ({"cycle": "2026-04"}, "cycle"),  # well formed, not open
        ({"component": "wheelchair"}, "component"),
        ({"beneficiary_id": uuid.uuid4()}, "beneficiary_id"),
        ({"beneficiary_id": elderly}, "categories"),
        ({"beneficiary_id": suspended}, "beneficiary_id"),
        ({"reason": " "}, "reason"),
    ]
    for change, field in cases:
        refusal = refused(grants, replace(food_aid(person), **change))
        assert (refusal.field, refusal.conflict) == (field, False), change
    assert grants.decisions_of(person) == []


def test_only_a_caseworker_of_the_persons_province_refers(grants: ReferringGrants) -> None:
    person = grants.enrol("disability")  # in KHN
    for actor in (caseworker("cw-lar", "LAR"), approver("ap")):
        assert isinstance(refused(grants, food_aid(person), actor).rule, AccessRule)
    assert grants.decisions_of(person) == []


def test_technical_aids_are_referred_item_by_item_and_keep_no_attestation() -> None:
    grants = ReferringGrants()
    person = grants.enrol("disability")  # before the year opened: nothing proposed
    elderly = grants.enrol("elderly_without_support")
    year = grants.open_this_year(DISABILITY_TECHNICAL_AIDS)
    aid = food_aid(person, programme=DISABILITY_TECHNICAL_AIDS, cycle=year, component=None)
    assert refused(grants, aid).field == "component"  # three items: name one
    not_disabled = replace(aid, beneficiary_id=elderly, component="wheelchair")
    assert refused(grants, not_disabled).field == "categories"

    decision = grants.referrals.refer(replace(aid, component="white_cane"), caseworker("cw"))

    assert (decision.component, decision.items) == ("white_cane", ("White cane",))
    assert not decision.disability_type_attested  # attested, but no type condition to meet


def test_what_grants_proposed_from_intakes_events_is_not_referred_again() -> None:
    grants = ReferringGrants()
    year = grants.open_this_year(DISABILITY_TECHNICAL_AIDS)
    person = grants.enrol("disability")
    [wheelchair] = [d for d in grants.decisions_of(person) if d.component == "wheelchair"]
    aid = food_aid(person, programme=DISABILITY_TECHNICAL_AIDS, cycle=year, component="wheelchair")
    assert refused(grants, aid).conflict
    assert grants.decisions.decision(wheelchair.id).proposed_by == "grants"


def test_a_referred_persons_proposal_is_cancelled_when_intake_suspends_them(
    grants: ReferringGrants,
) -> None:
    person = grants.enrol("disability")
    decision = grants.referrals.refer(food_aid(person), caseworker("cw"))

    grants.tell(BeneficiaryStatusChangedV1(beneficiary_id=person, status="suspended"))

    assert grants.decisions.decision(decision.id).status is DecisionStatus.CANCELLED


def test_a_v1_proposal_still_in_the_store_reads_as_unattested(grants: ReferringGrants) -> None:
    person = grants.enrol("disability")
    decision = grants.referrals.refer(food_aid(person, cycle=MARCH), caseworker("cw"))
    [stored] = grants.store.recorder.select_events(decision.id)
    state = json.loads(stored.state)
    assert state.pop("class_version") == 2
    del state["disability_type_attested"]  # what v1 wrote
    other = uuid.uuid4()
    grants.store.recorder.insert_events(
        [StoredEvent(other, 1, stored.topic, json.dumps(state).encode())]
    )

    read: object = grants.store.repository.get(other)
    assert isinstance(read, Decision)
    assert (read.disability_type_attested, read.component) == (False, "food_basket")


def test_an_attested_proposal_is_published_without_its_reason(grants: ReferringGrants) -> None:
    person = grants.enrol("disability")
    decision = grants.referrals.refer(food_aid(person), caseworker("cw"))
    [proposed] = grants.store.repository.event_store.get(decision.id)

    publication = publishing_for(None)(proposed)

    assert publication is not None
    assert not publication.reason_published
    assert getattr(publication.payload, "reason", "?") is None
    assert getattr(publication.payload, "actor", None) == "cw"
