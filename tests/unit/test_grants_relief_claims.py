"""Flood relief is proposed on a family's claim, checked against the impact intake recorded:
both are needed, in either order; the same claim twice proposes once; an impact alone still
proposes what a programme triggered by impacts gives."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta

import pytest

from services.grants.domain.decision_rules import DecisionStatus
from services.grants.domain.programme import Programme
from services.grants.domain.programme_terms import Cycle, ProposalTrigger
from services.grants.domain.reference_programmes import (
    EMERGENCY_AID,
    FLOOD_RELIEF_2026_02,
    FLOODS_2026_02,
    HOUSING_AID,
    reference_programme,
)
from shared.contracts.intake import BeneficiaryPersonalDataErasedV1
from shared.contracts.intake_households import HouseholdRegisteredV1
from shared.money import Money
from tests.unit.grants_intake import Grants, enrolled, flood_impact, relief_claim

RELIEF = Programme.create_id(FLOOD_RELIEF_2026_02)


@pytest.fixture
def grants() -> Grants:
    return Grants()


def reasons_of_proposals(grants: Grants, household: uuid.UUID) -> set[str]:
    events = grants.store.repository.event_store
    return {
        str(getattr(next(iter(events.get(d.id))), "reason", None))
        for d in grants.decisions_of(household)
    }


def test_a_claim_read_before_the_impact_is_settled_when_the_impact_arrives(
    grants: Grants,
) -> None:
    household = uuid.uuid4()

    grants.tell(relief_claim(household, "LAR"))
    assert grants.decisions_of(household) == []  # nothing to check the claim against yet
    grants.tell(flood_impact(household, "LAR"))

    decisions = {d.component: d for d in grants.decisions_of(household)}
    assert decisions[EMERGENCY_AID].amount == Money.mad("6000.00")
    assert decisions[HOUSING_AID].amount == Money.mad("140000.00")
    assert {(d.programme_id, d.cycle, d.province_code) for d in decisions.values()} == {
        (RELIEF, FLOODS_2026_02, "LAR")
    }
    [reason] = reasons_of_proposals(grants, household)
    assert reason.startswith("intake HouseholdDisasterImpactRecorded ")


def test_a_claim_on_an_impact_already_recorded_proposes_at_once(grants: Grants) -> None:
    household = uuid.uuid4()
    grants.tell(flood_impact(household, "KEN"))
    assert grants.decisions_of(household) == []  # the family has not asked

    grants.tell(relief_claim(household, "KEN"))

    assert sorted(d.component for d in grants.decisions_of(household)) == [
        EMERGENCY_AID,
        HOUSING_AID,
    ]
    [reason] = reasons_of_proposals(grants, household)
    assert reason.startswith("intake ReliefClaimed ")


def test_an_impact_without_a_claim_proposes_no_relief(grants: Grants) -> None:
    household = uuid.uuid4()

    grants.tell(flood_impact(household, "LAR"))
    grants.tell(flood_impact(household, "LAR").model_copy(update={"damage": "repairable"}))

    assert grants.decisions_of(household) == []
    assert grants.facts.impact(household, FLOODS_2026_02) is not None
    assert grants.facts.claim(household, FLOODS_2026_02) is None


def test_the_same_claim_twice_makes_one_proposal_per_component(grants: Grants) -> None:
    household = uuid.uuid4()
    grants.tell(flood_impact(household, "SKC"))
    claim = relief_claim(household, "SKC")
    event = grants.tell(claim)

    grants.receive(event)  # redelivered
    grants.tell(claim.model_copy(update={"claimed_at": claim.claimed_at + timedelta(hours=1)}))

    decisions = grants.decisions_of(household)
    assert sorted(d.component for d in decisions) == [EMERGENCY_AID, HOUSING_AID]
    assert all(d.version == 1 for d in decisions)
    kept = grants.facts.claim(household, FLOODS_2026_02)
    assert kept is not None and (kept.claim_id, kept.claimed_at) == (
        claim.claim_id,
        claim.claimed_at,
    )


@pytest.mark.parametrize("claim_first", [True, False], ids=["claim first", "impact first"])
def test_a_claim_from_outside_the_declared_provinces_gets_nothing(
    grants: Grants, claim_first: bool
) -> None:
    household = uuid.uuid4()
    facts = [relief_claim(household, "KHN"), flood_impact(household, "KHN")]
    for fact in facts if claim_first else reversed(facts):
        grants.tell(fact)
    assert grants.decisions_of(household) == []


def test_a_claim_of_a_household_neither_evacuated_nor_damaged_gets_nothing(
    grants: Grants,
) -> None:
    household = uuid.uuid4()
    grants.tell(relief_claim(household, "LAR"))
    grants.tell(
        flood_impact(household, "LAR").model_copy(update={"evacuated": False, "damage": "none"})
    )
    assert grants.decisions_of(household) == []


def test_an_impact_corrected_after_the_claim_moves_the_proposals(grants: Grants) -> None:
    household = uuid.uuid4()
    grants.tell(relief_claim(household, "LAR"))
    grants.tell(flood_impact(household, "LAR"))

    grants.tell(flood_impact(household, "LAR").model_copy(update={"evacuated": False}))

    by_component = {d.component: d for d in grants.decisions_of(household)}
    assert by_component[EMERGENCY_AID].status is DecisionStatus.CANCELLED
    assert by_component[HOUSING_AID].status is DecisionStatus.PROPOSED


def test_a_claim_read_before_the_impact_of_a_gone_heads_household_proposes_nothing(
    grants: Grants,
) -> None:
    head, household = uuid.uuid4(), uuid.uuid4()
    grants.tell(enrolled(head, "disaster_affected"))
    grants.tell(
        HouseholdRegisteredV1(
            household_id=household, head_id=head, province_code="LAR", commune_code="LAR-001"
        )
    )
    grants.tell(BeneficiaryPersonalDataErasedV1(beneficiary_id=head))

    grants.tell(relief_claim(household, "LAR", claimant_id=head))
    grants.tell(flood_impact(household, "LAR"))

    assert grants.decisions_of(household) == []


def test_a_programme_triggered_by_impacts_still_proposes_from_the_impact_alone() -> None:
    terms = replace(
        reference_programme(FLOOD_RELIEF_2026_02),
        code="flood-shelter-kits",
        name="Flood shelter kits",
        trigger=ProposalTrigger.IMPACT,
    )
    shelter = Programme.create(terms, actor="admin-1")
    shelter.open_cycle(Cycle.disaster(FLOODS_2026_02), actor="admin-1")
    grants = Grants(shelter)
    household = uuid.uuid4()

    grants.tell(flood_impact(household, "SSL"))

    assert {(d.programme_id, d.component) for d in grants.decisions_of(household)} == {
        (shelter.id, EMERGENCY_AID),
        (shelter.id, HOUSING_AID),
    }
    grants.tell(relief_claim(household, "SSL"))  # the relief, proposed on the claim
    assert {d.programme_id for d in grants.decisions_of(household)} == {shelter.id, RELIEF}
