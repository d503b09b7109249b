from dataclasses import replace
from uuid import UUID, uuid4

import pytest

from services.grants.domain.eligibility import (
    AssociationFacts,
    GrantApplication,
    HouseholdFacts,
    InstitutionFacts,
    PersonFacts,
    assess_application,
    assess_household,
    assess_person,
)
from services.grants.domain.eligibility_rules import HouseholdMustHaveClaimed
from services.grants.domain.programme_terms import ProposalTrigger
from services.grants.domain.reference_programmes import (
    DISABILITY_ASSOCIATIONS,
    DISABILITY_FOOD_AID,
    DISABILITY_TECHNICAL_AIDS,
    EMERGENCY_AID,
    FLOOD_RELIEF_2026_02,
    FLOODS_2026_02,
    HOUSING_AID,
    SOCIAL_CARE_INSTITUTIONS,
    reference_programme,
)
from shared.money import Money

FLOOD = reference_programme(FLOOD_RELIEF_2026_02)
CARE = reference_programme(SOCIAL_CARE_INSTITUTIONS)


def household(**changes: object) -> HouseholdFacts:
    facts: dict[str, object] = {
        "household_id": uuid4(),
        "province_code": "LAR",
        "disaster": FLOODS_2026_02,
        "evacuated": True,
        "damage": "none",
    }
    return HouseholdFacts(**{**facts, **changes})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("evacuated", "damage", "due"),
    [
        (True, "none", {EMERGENCY_AID: "6000.00"}),
        (True, "repairable", {EMERGENCY_AID: "6000.00", HOUSING_AID: "15000.00"}),
        (True, "destroyed", {EMERGENCY_AID: "6000.00", HOUSING_AID: "140000.00"}),
        (False, "destroyed", {HOUSING_AID: "140000.00"}),
    ],
)
def test_flood_relief_components_follow_evacuation_and_damage(
    evacuated: bool, damage: str, due: dict[str, str]
) -> None:
    facts = household(evacuated=evacuated, damage=damage)
    assessment = assess_household(FLOOD, facts, claimed=True)
    assert assessment.eligible and assessment.reasons == ()
    assert {a.component: a.amount for a in assessment.awards} == {
        component: Money.mad(amount) for component, amount in due.items()
    }
    assert (assessment.subject_id, assessment.province_code) == (facts.household_id, "LAR")


@pytest.mark.parametrize("province", ["LAR", "KEN", "SKC", "SSL"])
def test_every_declared_province_is_covered(province: str) -> None:
    assert assess_household(FLOOD, household(province_code=province), claimed=True).eligible


@pytest.mark.parametrize(
    ("facts", "reason"),
    [
        (household(province_code="CHF"), "not in a province declared a disaster zone"),
        (household(disaster="floods-2025-12-safi"), "no impact recorded for this programme's"),
        (household(evacuated=False, damage="none"), "no component of the programme is due"),
    ],
)
def test_households_not_eligible_say_why(facts: HouseholdFacts, reason: str) -> None:
    assessment = assess_household(FLOOD, facts, claimed=True)
    assert not assessment.eligible and assessment.awards == ()
    assert any(reason in r for r in assessment.reasons), assessment.reasons


def test_a_household_is_not_assessed_against_a_programme_for_persons() -> None:
    aids = reference_programme(DISABILITY_TECHNICAL_AIDS)
    assessment = assess_household(aids, household(), claimed=True)
    assert "not for this kind of applicant" in assessment.reasons[0]


def test_flood_relief_waits_for_the_households_claim_and_an_impact_programme_does_not() -> None:
    unclaimed = assess_household(FLOOD, household(), claimed=False)
    winter = replace(FLOOD, code="winter-aid", trigger=ProposalTrigger.IMPACT)

    assert not unclaimed.eligible and unclaimed.awards == ()
    [broken] = unclaimed.broken
    assert (type(broken), broken.field) == (HouseholdMustHaveClaimed, "claim")
    assert assess_household(winter, household(), claimed=False).eligible


def person(**changes: object) -> PersonFacts:
    facts: dict[str, object] = {
        "beneficiary_id": uuid4(),
        "province_code": "KHN",
        "categories": frozenset({"disability"}),
    }
    return PersonFacts(**{**facts, **changes})  # type: ignore[arg-type]


def test_technical_aids_offer_each_item_in_kind_to_a_person_with_a_disability() -> None:
    assessment = assess_person(reference_programme(DISABILITY_TECHNICAL_AIDS), person())
    assert [(a.component, a.amount, a.items) for a in assessment.awards] == [
        ("wheelchair", None, ("Wheelchair",)),
        ("white_cane", None, ("White cane",)),
        ("hearing_aid", None, ("Hearing aid",)),
    ]
    elderly = person(categories=frozenset({"elderly_without_support"}), status="suspended")
    refused = assess_person(reference_programme(DISABILITY_TECHNICAL_AIDS), elderly)
    assert refused.reasons == (
        "the beneficiary is suspended or has exited",
        "the person is not in a category this programme serves",
    )


def test_food_aid_needs_a_caseworker_to_attest_a_motor_or_visual_disability() -> None:
    food = reference_programme(DISABILITY_FOOD_AID)
    assert assess_person(food, person(), disability_type_attested=True).eligible
    unattested = assess_person(food, person())
    assert unattested.reasons == (
        "the programme serves some types of disability only: a caseworker must attest that "
        "the person's is one of them",
    )
    assert unattested.broken[0].field == "disability_type_attested"
    elderly = person(categories=frozenset({"elderly_without_support"}))
    refused = assess_person(food, elderly, disability_type_attested=True)
    assert refused.reasons == ("the person is not in a category this programme serves",)


def test_technical_aids_need_no_attestation_of_the_type_of_disability() -> None:
    assert assess_person(reference_programme(DISABILITY_TECHNICAL_AIDS), person()).eligible


ASSOCIATION = AssociationFacts(uuid4(), "KHN", frozenset({"child_in_difficulty"}))


def institution(
    manager: UUID | None = ASSOCIATION.association_id, status: str = "licensed"
) -> InstitutionFacts:
    return InstitutionFacts(uuid4(), "KHN", status, manager)


def test_an_association_applies_for_a_licensed_institution_it_manages() -> None:
    funded = institution()
    application = GrantApplication(ASSOCIATION, Money.mad("250000.00"), funded)
    assessment = assess_application(CARE, application)
    assert assessment.eligible
    assert (assessment.subject_id, assessment.province_code) == (funded.institution_id, "KHN")
    [award] = assessment.awards
    assert (award.component, award.amount) == ("annual_grant", Money.mad("250000.00"))


@pytest.mark.parametrize(
    ("application", "reasons"),
    [
        (
            GrantApplication(ASSOCIATION, Money.mad("1000"), institution(manager=uuid4())),
            ["the institution is not managed by the applying association"],
        ),
        (
            GrantApplication(ASSOCIATION, Money.mad("1000"), institution(status="suspended")),
            ["the institution's licensing status does not qualify (it must be licensed)"],
        ),
        (
            GrantApplication(
                ASSOCIATION, Money.mad("1000"), institution(None, "licensing_in_progress")
            ),
            [
                "the institution is not managed by the applying association",
                "the institution's licensing status does not qualify (it must be licensed)",
            ],
        ),
        (
            GrantApplication(ASSOCIATION, Money.mad("3000000.01"), institution()),
            ["the requested amount is above the programme's ceiling"],
        ),
        (
            GrantApplication(ASSOCIATION, Money.zero(), institution()),
            ["the requested amount must be above zero"],
        ),
        (
            GrantApplication(ASSOCIATION, Money.mad("1000")),
            ["this programme funds an institution the association manages: name the institution"],
        ),
        (
            GrantApplication(ASSOCIATION, Money.mad("1000"), institution(), "building"),
            ["unknown component for this programme"],
        ),
    ],
)
def test_applications_not_eligible_say_why(
    application: GrantApplication, reasons: list[str]
) -> None:
    assessment = assess_application(CARE, application)
    assert list(assessment.reasons) == reasons
    assert assessment.awards == ()


def test_the_disability_field_programme_funds_associations_working_in_it() -> None:
    disability = reference_programme(DISABILITY_ASSOCIATIONS)
    working = AssociationFacts(uuid4(), "KHN", frozenset({"disability"}))
    assert assess_application(disability, GrantApplication(working, Money.mad("1468411"))).eligible
    other = assess_application(disability, GrantApplication(ASSOCIATION, Money.mad("1000")))
    assert other.reasons == ("the association does not work in the programme's field",)
