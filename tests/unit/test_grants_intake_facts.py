"""Grants keeps intake's facts and proposes from them, over the in-memory store: a disabled
person gets the technical aids, a flood-hit household in a declared province that claimed its
relief gets it, a message delivered twice one proposal, a person gone from intake no open
proposal."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from services.grants.application.proposals import SYSTEM
from services.grants.domain.decision import Decision
from services.grants.domain.decision_rules import DecisionStatus
from services.grants.domain.programme import Programme
from services.grants.domain.reference_programmes import (
    DISABILITY_TECHNICAL_AIDS,
    EMERGENCY_AID,
    FLOOD_RELIEF_2026_02,
    FLOODS_2026_02,
    HOUSING_AID,
)
from shared.contracts.intake_organisations import (
    InstitutionLicensingChangedV1,
    InstitutionRegisteredV1,
)
from shared.money import Money
from tests.unit.grants_intake import Grants, enrolled, flood_impact, relief_claim
from tests.unit.grants_use_cases import approver


@pytest.fixture
def grants() -> Grants:
    return Grants()


def test_a_disabled_beneficiary_is_proposed_the_technical_aids(grants: Grants) -> None:
    cycle = grants.open_this_year(DISABILITY_TECHNICAL_AIDS)
    person = uuid.uuid4()

    grants.tell(enrolled(person, "disability"))

    decisions = grants.decisions_of(person)
    programme_id = Programme.create_id(DISABILITY_TECHNICAL_AIDS)
    assert sorted(d.component for d in decisions) == ["hearing_aid", "wheelchair", "white_cane"]
    for d in decisions:
        assert (d.programme_id, d.cycle, d.province_code) == (programme_id, cycle, "KHN")
        assert (d.status, d.proposed_by, d.amount) == (DecisionStatus.PROPOSED, SYSTEM, None)
        assert d.id == Decision.create_id(programme_id, cycle, d.component, person)
    # Food aid asks for disability types intake does not publish: nothing proposed for it.
    assert grants.facts.person(person) is not None


def test_a_beneficiary_outside_the_programmes_categories_is_proposed_nothing(
    grants: Grants,
) -> None:
    grants.open_this_year(DISABILITY_TECHNICAL_AIDS)
    person = uuid.uuid4()
    grants.tell(enrolled(person, "elderly"))
    assert grants.decisions_of(person) == []


def test_no_proposal_while_the_programmes_cycle_is_not_open(grants: Grants) -> None:
    person = uuid.uuid4()
    grants.tell(enrolled(person, "disability"))
    assert grants.decisions_of(person) == []


def test_an_evacuated_household_in_larache_with_a_destroyed_home_gets_both_components(
    grants: Grants,
) -> None:
    household = uuid.uuid4()

    grants.flood_hit(household, "LAR")

    decisions = {d.component: d for d in grants.decisions_of(household)}
    assert set(decisions) == {EMERGENCY_AID, HOUSING_AID}
    assert decisions[EMERGENCY_AID].amount == Money.mad("6000.00")
    assert decisions[HOUSING_AID].amount == Money.mad("140000.00")
    for d in decisions.values():
        assert (d.programme_id, d.cycle) == (
            Programme.create_id(FLOOD_RELIEF_2026_02),
            FLOODS_2026_02,
        )
        assert (d.province_code, d.proposed_by) == ("LAR", SYSTEM)


def test_a_household_outside_the_declared_provinces_gets_nothing(grants: Grants) -> None:
    household = uuid.uuid4()
    grants.flood_hit(household, "KHN")
    assert grants.decisions_of(household) == []
    assert grants.facts.impact(household, FLOODS_2026_02) is not None


def test_the_same_message_twice_makes_one_proposal_each(grants: Grants) -> None:
    household = uuid.uuid4()
    event = grants.tell(flood_impact(household, "KEN"))
    grants.tell(relief_claim(household, "KEN"))

    grants.receive(event)  # delivered again: already done, not an error

    assert len(grants.decisions_of(household)) == 2
    assert all(d.version == 1 for d in grants.decisions_of(household))


def test_a_corrected_impact_amends_the_undecided_proposals_and_cancels_what_is_no_longer_due(
    grants: Grants,
) -> None:
    household = uuid.uuid4()
    grants.flood_hit(household, "LAR")
    corrected = flood_impact(household, "LAR").model_copy(
        update={"damage": "repairable", "evacuated": False}
    )

    grants.tell(corrected)
    grants.tell(corrected)  # redelivered: nothing more

    assert grants.facts.impact(household, FLOODS_2026_02).damage == "repairable"  # type: ignore[union-attr]
    by_component = {d.component: d for d in grants.decisions_of(household)}
    housing, emergency = by_component[HOUSING_AID], by_component[EMERGENCY_AID]
    assert (housing.status, housing.amount, housing.version) == (
        DecisionStatus.PROPOSED, Money.mad("15000.00"), 2,
    )  # fmt: skip
    assert (emergency.status, emergency.version) == (DecisionStatus.CANCELLED, 2)


def test_a_correction_after_the_decision_leaves_the_decision_as_taken(grants: Grants) -> None:
    household = uuid.uuid4()
    grants.flood_hit(household, "LAR")
    [housing] = [d for d in grants.decisions_of(household) if d.component == HOUSING_AID]
    housing.reject(approver("ap-1", "LAR"), reason="not verified on site")
    grants.proposals.save(housing)

    grants.tell(flood_impact(household, "LAR").model_copy(update={"damage": "repairable"}))

    [after] = [d for d in grants.decisions_of(household) if d.component == HOUSING_AID]
    assert (after.status, after.amount) == (DecisionStatus.REJECTED, Money.mad("140000.00"))


def test_institutions_facts_follow_their_licensing(grants: Grants) -> None:
    institution = uuid.uuid4()
    grants.tell(
        InstitutionRegisteredV1(
            institution_id=institution,
            name_lat="Dar Al Atfal",
            name_ar=None,
            type="childcare",
            province_code="KHN",
            commune_code="KHN-01",
            capacity=40,
            licensing_status="licensing_in_progress",
            managing_association_id=None,
        )
    )
    grants.tell(
        InstitutionLicensingChangedV1(
            institution_id=institution,
            status="licensed",
            effective_on=datetime.now(UTC).date(),
            reason=None,
        )
    )
    facts = grants.facts.institution(institution)
    assert facts is not None and facts.licensing_status == "licensed"
