"""Is this applicant, person or household eligible, and for which components and amounts?

The facts are what grants knows from intake's published events (institutions' licensing and
managing association, associations' fields of work, beneficiaries' categories, status and
province, households' disaster impacts and relief claims); the answer lists what is due, or
why nothing is. Whether a component was already given for the cycle is not a fact here:
decisions and orders have ids derived from (programme, cycle, component, subject), so a second
one collides.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from services.grants.domain.eligibility_rules import (
    AssociationMustWorkInTheProgrammesField,
    BeneficiaryMustBeActive,
    ComponentMustBeOneOfTheProgrammes,
    DisabilityTypeMustBeAttested,
    HouseholdMustBeInADeclaredProvince,
    HouseholdMustHaveBeenHitByTheDisaster,
    HouseholdMustHaveClaimed,
    InstitutionMustBeManagedByTheApplicant,
    InstitutionMustBeNamed,
    InstitutionMustHoldAnEligibleLicensingStatus,
    PersonMustBeInOneOfTheCategories,
    ProgrammeMustBeForThisKindOfSubject,
    RequestedAmountMustBeAboveZero,
    RequestedAmountMustNotExceedTheCeiling,
    SomeComponentMustBeDue,
    SubjectMustBeInTheProgrammesProvinces,
)
from services.grants.domain.programme_terms import (
    Component,
    Condition,
    ProgrammeKind,
    ProgrammeTerms,
)
from shared.money import Money
from shared.rules import BusinessRule


@dataclass(frozen=True)
class InstitutionFacts:
    institution_id: UUID
    province_code: str
    licensing_status: str
    managing_association_id: UUID | None


@dataclass(frozen=True)
class AssociationFacts:
    association_id: UUID
    province_code: str
    fields_of_work: frozenset[str]


@dataclass(frozen=True)
class GrantApplication:
    """An association's request: an amount, for an institution it manages or for its work."""

    association: AssociationFacts
    requested: Money
    institution: InstitutionFacts | None = None
    component: str | None = None  # None: the programme's only component


@dataclass(frozen=True)
class PersonFacts:
    """Never the type of disability: sensitive data grants does not hold (a caseworker
    attests it instead, `DisabilityTypeMustBeAttested`)."""

    beneficiary_id: UUID
    province_code: str
    categories: frozenset[str]
    status: str = "enrolled"


@dataclass(frozen=True)
class HouseholdFacts:
    """One household's impact from one disaster (intake's latest correction of it)."""

    household_id: UUID
    province_code: str
    disaster: str | None
    evacuated: bool
    damage: str  # none, repairable, destroyed


@dataclass(frozen=True)
class ClaimFacts:
    """A household's claim of relief for one disaster (intake sends one, however often the
    family texted); where intake placed the household when it claimed."""

    claim_id: UUID
    household_id: UUID
    disaster: str
    province_code: str
    claimed_at: datetime


@dataclass(frozen=True)
class Award:
    component: str
    amount: Money | None  # None: in kind, not valued in dirhams
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Assessment:
    """The subject is the institution funded, else the association, the person or household;
    the province is where the decision is taken and approved."""

    subject_id: UUID
    province_code: str
    awards: tuple[Award, ...]
    broken: tuple[BusinessRule, ...]

    @property
    def eligible(self) -> bool:
        return not self.broken

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(rule.message for rule in self.broken)

    def award_for(self, component: str) -> Award | None:
        return next((a for a in self.awards if a.component == component), None)


def assess_application(terms: ProgrammeTerms, application: GrantApplication) -> Assessment:
    rules = terms.eligibility
    association, institution = application.association, application.institution
    component = application.component
    if component is None and len(terms.components) == 1:
        component = terms.components[0].code
    province = institution.province_code if institution else association.province_code
    checks: list[BusinessRule] = [
        ProgrammeMustBeForThisKindOfSubject(terms.kind, ProgrammeKind.GRANT_TO_ASSOCIATION),
        ComponentMustBeOneOfTheProgrammes(component, [c.code for c in terms.components]),
        SubjectMustBeInTheProgrammesProvinces(province, rules.provinces),
        InstitutionMustBeNamed(bool(rules.institution_licensing), institution is not None),
        AssociationMustWorkInTheProgrammesField(
            association.fields_of_work, rules.association_fields
        ),
        RequestedAmountMustBeAboveZero(application.requested),
        RequestedAmountMustNotExceedTheCeiling(application.requested, terms.ceiling),
    ]
    if institution is not None:
        checks += [
            InstitutionMustBeManagedByTheApplicant(
                institution.managing_association_id, association.association_id
            ),
            InstitutionMustHoldAnEligibleLicensingStatus(
                institution.licensing_status, rules.institution_licensing
            ),
        ]
    subject = institution.institution_id if institution else association.association_id
    found = terms.component(component) if component else None
    awards = () if found is None else (Award(found.code, application.requested, found.items),)
    return _assessment(subject, province, awards, checks)


def assess_person(
    terms: ProgrammeTerms, person: PersonFacts, *, disability_type_attested: bool = False
) -> Assessment:
    """`disability_type_attested`: a caseworker attests the person's type of disability is
    one the programme serves (grants' own proposals from intake's events never can)."""
    rules = terms.eligibility
    awards = _due(terms.components, {Condition.ALWAYS})
    checks: list[BusinessRule] = [
        ProgrammeMustBeForThisKindOfSubject(terms.kind, ProgrammeKind.AID_TO_PERSON),
        BeneficiaryMustBeActive(person.status),
        SubjectMustBeInTheProgrammesProvinces(person.province_code, rules.provinces),
        PersonMustBeInOneOfTheCategories(person.categories, rules.categories),
        DisabilityTypeMustBeAttested(disability_type_attested, rules.disability_types),
        SomeComponentMustBeDue(len(awards)),
    ]
    return _assessment(person.beneficiary_id, person.province_code, awards, checks)


def assess_household(
    terms: ProgrammeTerms, household: HouseholdFacts, *, claimed: bool
) -> Assessment:
    """`claimed`: the household claimed relief for the impact's disaster (`ClaimFacts`)."""
    rules = terms.eligibility
    conditions = {Condition.ALWAYS}
    if household.evacuated:
        conditions.add(Condition.EVACUATED)
    if household.damage == "repairable":
        conditions.add(Condition.HOME_REPAIRABLE)
    if household.damage == "destroyed":
        conditions.add(Condition.HOME_DESTROYED)
    awards = _due(terms.components, conditions)
    checks: list[BusinessRule] = [
        ProgrammeMustBeForThisKindOfSubject(terms.kind, ProgrammeKind.AID_TO_HOUSEHOLD),
        SubjectMustBeInTheProgrammesProvinces(household.province_code, rules.provinces),
        HouseholdMustHaveBeenHitByTheDisaster(household.disaster, rules.disaster),
        HouseholdMustBeInADeclaredProvince(household.province_code, rules.declared_provinces),
        HouseholdMustHaveClaimed(terms.trigger, claimed),
        SomeComponentMustBeDue(len(awards)),
    ]
    return _assessment(household.household_id, household.province_code, awards, checks)


def _due(components: tuple[Component, ...], conditions: set[Condition]) -> tuple[Award, ...]:
    """Each component once, at the first of its entitlements whose condition holds."""
    awards: list[Award] = []
    for component in components:
        entitlement = next((e for e in component.entitlements if e.when in conditions), None)
        if entitlement is not None:
            awards.append(Award(component.code, entitlement.amount, component.items))
    return tuple(awards)


def _assessment(
    subject: UUID, province: str, awards: tuple[Award, ...], checks: list[BusinessRule]
) -> Assessment:
    broken = tuple(rule for rule in checks if rule.is_broken())
    return Assessment(subject, province, () if broken else awards, broken)
