"""The programmes shipped with grants (issue 9), as code.

Figures come from ../shared/domain.md. Where the sources give none (ceilings, thresholds), the
value is a starting point an admin changes with a reason (`Programme.change_ceiling`, ...).
"""

from __future__ import annotations

from services.grants.domain.programme import Programme
from services.grants.domain.programme_terms import (
    AidForm,
    Component,
    Condition,
    Cycle,
    CycleKind,
    EligibilityTerms,
    Entitlement,
    ProgrammeKind,
    ProgrammeTerms,
    ProposalTrigger,
)
from shared.money import Money

# Intake's names and codes (services/intake/domain/reference.py DISASTERS, and the province
# codes of services/intake/domain/data/territory.json). Repeated here because grants does not
# import intake and no shared module holds the territory yet.
FLOODS_2026_02 = "floods-2026-02-north-west"
LARACHE, KENITRA, SIDI_KACEM, SIDI_SLIMANE = "LAR", "KEN", "SKC", "SSL"
FLOODS_2026_02_DECLARED_PROVINCES = frozenset({LARACHE, KENITRA, SIDI_KACEM, SIDI_SLIMANE})

SOCIAL_CARE_INSTITUTIONS = "social-care-institutions"
DISABILITY_ASSOCIATIONS = "disability-associations"
DISABILITY_TECHNICAL_AIDS = "disability-technical-aids"
DISABILITY_FOOD_AID = "disability-food-aid"
FLOOD_RELIEF_2026_02 = "flood-relief-2026-02"

ANNUAL_GRANT = "annual_grant"
EMERGENCY_AID = "emergency_aid"
HOUSING_AID = "housing_aid"
FOOD_BASKET = "food_basket"


def _centimes(amount: str) -> int:
    return Money.mad(amount).centimes


# A grant above this needs a second approval (authorisation); no source gives one.
_ASSOCIATION_GRANT_AUTHORISATION_ABOVE = _centimes("1000000.00")

REFERENCE_PROGRAMMES: tuple[ProgrammeTerms, ...] = (
    ProgrammeTerms(
        code=SOCIAL_CARE_INSTITUTIONS,
        name="Support to associations managing social-care institutions",
        kind=ProgrammeKind.GRANT_TO_ASSOCIATION,
        form=AidForm.CASH,
        cycle_kind=CycleKind.FISCAL_YEAR,
        components=(Component(ANNUAL_GRANT, "Annual grant"),),
        eligibility=EligibilityTerms(institution_licensing=frozenset({"licensed"})),
        # Khenifra 2021 gave its associations managing social-care institutions 3,000,000.00
        # MAD in all; no single grant can be above a province's whole year.
        ceiling_centimes=_centimes("3000000.00"),
        second_approval_above_centimes=_ASSOCIATION_GRANT_AUTHORISATION_ABOVE,
    ),
    ProgrammeTerms(
        code=DISABILITY_ASSOCIATIONS,
        name="Support to associations working in the disability field",
        kind=ProgrammeKind.GRANT_TO_ASSOCIATION,
        form=AidForm.CASH,
        cycle_kind=CycleKind.FISCAL_YEAR,
        components=(Component(ANNUAL_GRANT, "Annual grant"),),
        eligibility=EligibilityTerms(association_fields=frozenset({"disability"})),
        ceiling_centimes=_centimes("1500000.00"),  # Khenifra 2021: 1,468,411.00 MAD in all
        second_approval_above_centimes=_ASSOCIATION_GRANT_AUTHORISATION_ABOVE,
    ),
    ProgrammeTerms(
        code=DISABILITY_TECHNICAL_AIDS,
        name="Disability technical aids",
        kind=ProgrammeKind.AID_TO_PERSON,
        form=AidForm.IN_KIND,
        cycle_kind=CycleKind.FISCAL_YEAR,
        components=tuple(
            Component(code, name, (Entitlement(Condition.ALWAYS, None),), (name,))
            for code, name in (
                ("wheelchair", "Wheelchair"),
                ("white_cane", "White cane"),
                ("hearing_aid", "Hearing aid"),
            )
        ),
        eligibility=EligibilityTerms(categories=frozenset({"disability"})),
    ),
    ProgrammeTerms(
        code=DISABILITY_FOOD_AID,
        name="Food aid for persons with motor or visual disabilities",
        kind=ProgrammeKind.AID_TO_PERSON,
        form=AidForm.IN_KIND,
        cycle_kind=CycleKind.MONTH,
        components=(
            Component(
                FOOD_BASKET,
                "Monthly food basket",
                (Entitlement(Condition.ALWAYS, None),),
                ("Food basket",),
            ),
        ),
        eligibility=EligibilityTerms(
            categories=frozenset({"disability"}),
            disability_types=frozenset({"motor", "visual"}),
        ),
    ),
    ProgrammeTerms(
        code=FLOOD_RELIEF_2026_02,
        name="February 2026 flood relief",
        kind=ProgrammeKind.AID_TO_HOUSEHOLD,
        form=AidForm.CASH,
        cycle_kind=CycleKind.DISASTER,
        components=(
            Component(
                EMERGENCY_AID,
                "Emergency aid",
                (Entitlement(Condition.EVACUATED, _centimes("6000.00")),),
            ),
            Component(
                HOUSING_AID,
                "Housing aid",
                (
                    Entitlement(Condition.HOME_DESTROYED, _centimes("140000.00")),
                    Entitlement(Condition.HOME_REPAIRABLE, _centimes("15000.00")),
                ),
            ),
        ),
        eligibility=EligibilityTerms(
            disaster=FLOODS_2026_02, declared_provinces=FLOODS_2026_02_DECLARED_PROVINCES
        ),
        # Families claim by SMS (issue 10): relief is proposed on the claim, once intake has
        # recorded the household's impact too.
        trigger=ProposalTrigger.CLAIM,
        # Mass payments go by payment lists, which two users other than the drafter approve.
        payment_list_approvals=2,
    ),
)


def reference_programme(code: str) -> ProgrammeTerms:
    return next(terms for terms in REFERENCE_PROGRAMMES if terms.code == code)


def shipped_programmes(actor: str) -> list[Programme]:
    """The reference programmes as new aggregates; a disaster programme's one cycle is open.
    Their ids come from their codes, so saving them a second time collides."""
    programmes = []
    for terms in REFERENCE_PROGRAMMES:
        programme = Programme.create(terms, actor=actor, reason="reference data (issue 9)")
        if terms.cycle_kind is CycleKind.DISASTER and terms.eligibility.disaster:
            programme.open_cycle(Cycle.disaster(terms.eligibility.disaster), actor=actor)
        programmes.append(programme)
    return programmes
