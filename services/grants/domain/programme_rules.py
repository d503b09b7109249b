"""Rules a programme's terms and its cycles must satisfy."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from services.grants.domain.programme_terms import (
    AidForm,
    Cycle,
    CycleKind,
    ProgrammeKind,
    ProgrammeTerms,
    ProposalTrigger,
)
from shared.rules import BusinessRule


def _blank(text: str | None) -> bool:
    return not (text or "").strip()


@dataclass(frozen=True)
class ProgrammeMustHaveACode(BusinessRule):
    code: str
    message = "a programme needs a code"
    field = "code"

    def is_broken(self) -> bool:
        return _blank(self.code)


@dataclass(frozen=True)
class ProgrammeMustHaveAName(BusinessRule):
    name: str
    message = "a programme needs a name"
    field = "name"

    def is_broken(self) -> bool:
        return _blank(self.name)


@dataclass(frozen=True)
class ProgrammeMustHaveComponents(BusinessRule):
    terms: ProgrammeTerms
    message = "a programme has at least one component, each with its own unique code"
    field = "components"

    def is_broken(self) -> bool:
        codes = [c.code for c in self.terms.components]
        return not codes or any(_blank(c) for c in codes) or len(set(codes)) != len(codes)


@dataclass(frozen=True)
class AmountsAreRequestedUpToACeilingOrFixedPerComponent(BusinessRule):
    terms: ProgrammeTerms
    message = (
        "either a ceiling (a requested amount up to it) and no fixed amounts, "
        "or no ceiling and fixed amounts on every component"
    )
    field = "ceiling"

    def is_broken(self) -> bool:
        fixed = [bool(c.entitlements) for c in self.terms.components]
        if self.terms.ceiling_centimes is not None:
            return any(fixed)
        return not all(fixed)


@dataclass(frozen=True)
class CeilingMustBeAboveZero(BusinessRule):
    ceiling_centimes: int | None
    message = "the ceiling must be an amount above zero"
    field = "ceiling"

    def is_broken(self) -> bool:
        return self.ceiling_centimes is not None and self.ceiling_centimes <= 0


@dataclass(frozen=True)
class CashAmountsMustBeAboveZero(BusinessRule):
    """In kind, an entitlement may be left without a value in dirhams; in cash never."""

    terms: ProgrammeTerms
    message = "every fixed amount of a cash programme must be above zero"
    field = "components"

    def is_broken(self) -> bool:
        for component in self.terms.components:
            for entitlement in component.entitlements:
                amount = entitlement.amount_centimes
                if amount is None and self.terms.form is AidForm.CASH:
                    return True
                if amount is not None and amount <= 0:
                    return True
        return False


@dataclass(frozen=True)
class InKindComponentsMustNameTheirItems(BusinessRule):
    terms: ProgrammeTerms
    message = "every component of an in-kind programme names the items it delivers"
    field = "components"

    def is_broken(self) -> bool:
        if self.terms.form is not AidForm.IN_KIND:
            return False
        return any(not c.items or any(_blank(i) for i in c.items) for c in self.terms.components)


@dataclass(frozen=True)
class DisasterProgrammeMustNameItsDisasterAndDeclaredProvinces(BusinessRule):
    terms: ProgrammeTerms
    message = (
        "a programme whose cycle is one disaster names the disaster and its declared "
        "provinces, and only such a programme does"
    )
    field = "disaster"

    def is_broken(self) -> bool:
        rules = self.terms.eligibility
        named = not _blank(rules.disaster) and bool(rules.declared_provinces)
        mentioned = rules.disaster is not None or bool(rules.declared_provinces)
        if self.terms.cycle_kind is CycleKind.DISASTER:
            return not named
        return mentioned


@dataclass(frozen=True)
class ConditionsMustSuitTheProgrammesKind(BusinessRule):
    terms: ProgrammeTerms
    message = (
        "institution and association conditions are for grants to associations, "
        "categories and disability types for aid to persons, a disaster for aid to households"
    )
    field = "eligibility"

    def is_broken(self) -> bool:
        rules, kind = self.terms.eligibility, self.terms.kind
        organisational = bool(rules.institution_licensing or rules.association_fields)
        personal = bool(rules.categories or rules.disability_types)
        if kind is ProgrammeKind.GRANT_TO_ASSOCIATION:
            return personal or rules.disaster is not None
        if kind is ProgrammeKind.AID_TO_HOUSEHOLD:
            return organisational or personal
        return organisational or rules.disaster is not None


@dataclass(frozen=True)
class ClaimsAreForHouseholdsHitByADisaster(BusinessRule):
    """Intake's relief claims come one per household and named disaster."""

    terms: ProgrammeTerms
    message = "proposing on a claim is for aid to households hit by a named disaster"
    field = "trigger"

    def is_broken(self) -> bool:
        terms = self.terms
        for_a_disaster = terms.eligibility.disaster is not None
        for_households = terms.kind is ProgrammeKind.AID_TO_HOUSEHOLD
        return terms.trigger is ProposalTrigger.CLAIM and not (for_households and for_a_disaster)


@dataclass(frozen=True)
class SecondApprovalThresholdMustBeAboveZero(BusinessRule):
    threshold_centimes: int | None
    message = "the amount above which a second approval is needed must be above zero"
    field = "second_approval_above"

    def is_broken(self) -> bool:
        return self.threshold_centimes is not None and self.threshold_centimes <= 0


@dataclass(frozen=True)
class PaymentListsNeedOneOrTwoApprovals(BusinessRule):
    approvals: int
    message = "a payment list is approved by one or two users other than the one who drew it up"
    field = "payment_list_approvals"

    def is_broken(self) -> bool:
        return self.approvals not in (1, 2)


@dataclass(frozen=True)
class CycleMustBeOfTheProgrammesKind(BusinessRule):
    cycle: Cycle
    kind: CycleKind
    message = "the cycle must be of the programme's kind (a fiscal year, a month or its disaster)"
    field = "cycle"

    def is_broken(self) -> bool:
        return self.cycle.kind is not self.kind or not self.cycle.is_well_formed()


@dataclass(frozen=True)
class DisasterCycleMustBeTheProgrammesDisaster(BusinessRule):
    cycle: Cycle
    disaster: str | None
    message = "a disaster programme has one cycle: its own disaster"
    field = "cycle"

    def is_broken(self) -> bool:
        return self.cycle.kind is CycleKind.DISASTER and self.cycle.key != self.disaster


@dataclass(frozen=True)
class CycleMustNotBeOpenAlready(BusinessRule):
    cycle: Cycle
    open_cycles: Collection[str]
    message = "this cycle is already open"
    field = "cycle"
    conflict = True  # refused because of the record's state: 409

    def is_broken(self) -> bool:
        return self.cycle.key in self.open_cycles


@dataclass(frozen=True)
class ChangeMustGiveAReason(BusinessRule):
    reason: str | None
    message = "a change to a programme needs a reason"
    field = "reason"

    def is_broken(self) -> bool:
        return _blank(self.reason)


def rules_of_new_terms(terms: ProgrammeTerms) -> tuple[BusinessRule, ...]:
    """What a new programme's terms are checked against, every one of them."""
    return (
        ProgrammeMustHaveACode(terms.code),
        ProgrammeMustHaveAName(terms.name),
        ProgrammeMustHaveComponents(terms),
        AmountsAreRequestedUpToACeilingOrFixedPerComponent(terms),
        CeilingMustBeAboveZero(terms.ceiling_centimes),
        CashAmountsMustBeAboveZero(terms),
        InKindComponentsMustNameTheirItems(terms),
        DisasterProgrammeMustNameItsDisasterAndDeclaredProvinces(terms),
        ConditionsMustSuitTheProgrammesKind(terms),
        ClaimsAreForHouseholdsHitByADisaster(terms),
        SecondApprovalThresholdMustBeAboveZero(terms.second_approval_above_centimes),
        PaymentListsNeedOneOrTwoApprovals(terms.payment_list_approvals),
    )
