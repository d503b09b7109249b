"""Why an applicant, a person or a household is not eligible for a programme.

Each rule is checked against what grants knows from intake's published events; an assessment
collects the broken ones as its reasons rather than stopping at the first.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from uuid import UUID

from services.grants.domain.programme_terms import ProgrammeKind, ProposalTrigger
from shared.money import Money
from shared.rules import BusinessRule

ACTIVE_STATUSES = frozenset({"enrolled", "active"})


@dataclass(frozen=True)
class ProgrammeMustBeForThisKindOfSubject(BusinessRule):
    kind: ProgrammeKind
    subject: ProgrammeKind
    message = "this programme is not for this kind of applicant (association, person, household)"
    field = "programme"

    def is_broken(self) -> bool:
        return self.kind is not self.subject


@dataclass(frozen=True)
class ComponentMustBeOneOfTheProgrammes(BusinessRule):
    component: str | None
    known: Collection[str]
    message = "unknown component for this programme"
    field = "component"

    def is_broken(self) -> bool:
        return self.component is None or self.component not in self.known


@dataclass(frozen=True)
class SubjectMustBeInTheProgrammesProvinces(BusinessRule):
    province_code: str
    provinces: Collection[str]
    message = "the programme does not run in this province"
    field = "province_code"

    def is_broken(self) -> bool:
        return bool(self.provinces) and self.province_code not in self.provinces


@dataclass(frozen=True)
class InstitutionMustBeNamed(BusinessRule):
    required: bool
    named: bool
    message = "this programme funds an institution the association manages: name the institution"
    field = "institution_id"

    def is_broken(self) -> bool:
        return self.required and not self.named


@dataclass(frozen=True)
class InstitutionMustBeManagedByTheApplicant(BusinessRule):
    manager: UUID | None
    applicant: UUID
    message = "the institution is not managed by the applying association"
    field = "institution_id"

    def is_broken(self) -> bool:
        return self.manager != self.applicant


@dataclass(frozen=True)
class InstitutionMustHoldAnEligibleLicensingStatus(BusinessRule):
    status: str
    eligible: Collection[str]
    message = "the institution's licensing status does not qualify (it must be licensed)"
    field = "institution_id"

    def is_broken(self) -> bool:
        return bool(self.eligible) and self.status not in self.eligible


@dataclass(frozen=True)
class AssociationMustWorkInTheProgrammesField(BusinessRule):
    fields_of_work: Collection[str]
    required: Collection[str]
    message = "the association does not work in the programme's field"
    field = "association_id"

    def is_broken(self) -> bool:
        return bool(self.required) and not set(self.fields_of_work) & set(self.required)


@dataclass(frozen=True)
class RequestedAmountMustBeAboveZero(BusinessRule):
    requested: Money | None
    message = "the requested amount must be above zero"
    field = "amount"

    def is_broken(self) -> bool:
        return self.requested is None or self.requested.centimes <= 0


@dataclass(frozen=True)
class RequestedAmountMustNotExceedTheCeiling(BusinessRule):
    requested: Money | None
    ceiling: Money | None
    message = "the requested amount is above the programme's ceiling"
    field = "amount"

    def is_broken(self) -> bool:
        if self.requested is None or self.ceiling is None:
            return False
        return self.requested > self.ceiling


@dataclass(frozen=True)
class BeneficiaryMustBeActive(BusinessRule):
    status: str
    message = "the beneficiary is suspended or has exited"
    field = "beneficiary_id"

    def is_broken(self) -> bool:
        return self.status not in ACTIVE_STATUSES


@dataclass(frozen=True)
class PersonMustBeInOneOfTheCategories(BusinessRule):
    categories: Collection[str]
    required: Collection[str]
    message = "the person is not in a category this programme serves"
    field = "categories"

    def is_broken(self) -> bool:
        return bool(self.required) and not set(self.categories) & set(self.required)


@dataclass(frozen=True)
class DisabilityTypeMustBeAttested(BusinessRule):
    """The type of disability is sensitive data (law 09-08): intake never publishes it and
    grants never holds it. Where a programme serves some types only, a caseworker of the
    person's province attests that the person's is one of them; grants keeps that yes alone."""

    attested: bool
    served: Collection[str]
    message = (
        "the programme serves some types of disability only: a caseworker must attest that "
        "the person's is one of them"
    )
    field = "disability_type_attested"

    def is_broken(self) -> bool:
        return bool(self.served) and not self.attested


@dataclass(frozen=True)
class HouseholdMustHaveBeenHitByTheDisaster(BusinessRule):
    disaster: str | None
    programme_disaster: str | None
    message = "the household has no impact recorded for this programme's disaster"
    field = "disaster"

    def is_broken(self) -> bool:
        return self.programme_disaster is not None and self.disaster != self.programme_disaster


@dataclass(frozen=True)
class HouseholdMustBeInADeclaredProvince(BusinessRule):
    province_code: str
    declared: Collection[str]
    message = "the household is not in a province declared a disaster zone"
    field = "province_code"

    def is_broken(self) -> bool:
        return bool(self.declared) and self.province_code not in self.declared


@dataclass(frozen=True)
class HouseholdMustHaveClaimed(BusinessRule):
    """A programme proposed on a claim waits for the family to ask: what intake recorded of
    the household's impact is what the claim is checked against, not a request by itself."""

    trigger: ProposalTrigger
    claimed: bool
    message = "the programme is proposed on a claim: the household has not claimed relief"
    field = "claim"

    def is_broken(self) -> bool:
        return self.trigger is ProposalTrigger.CLAIM and not self.claimed


@dataclass(frozen=True)
class SomeComponentMustBeDue(BusinessRule):
    due: int
    message = "no component of the programme is due (for relief: neither evacuated nor damaged)"
    field = "component"

    def is_broken(self) -> bool:
        return self.due == 0
