"""Timeline entries for intake's events: beneficiaries, households (the head and the members
too), relief claims (the household and its claimant), institutions and associations (an
institution's managing association too)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from services.reporting.application.projecting import On
from services.reporting.application.projections.timeline_entries import (
    id_of,
    place,
    province_of,
    record,
    subjects,
)
from services.reporting.application.rows import Rows
from shared.contracts import Envelope
from shared.contracts.intake import (
    BENEFICIARIES_TOPIC,
    BeneficiariesMergedV1,
    BeneficiaryCategoryRecognisedV1,
    BeneficiaryEnrolledV2,
    BeneficiaryMovedV1,
    BeneficiaryPersonalDataErasedV1,
    BeneficiaryStatusChangedV1,
)
from shared.contracts.intake_claims import CLAIMS_TOPIC, ReliefClaimedV1
from shared.contracts.intake_households import (
    HOUSEHOLDS_TOPIC,
    HouseholdDisasterImpactRecordedV1,
    HouseholdMemberAddedV1,
    HouseholdMemberRemovedV1,
    HouseholdRegisteredV1,
)
from shared.contracts.intake_organisations import (
    ASSOCIATIONS_TOPIC,
    INSTITUTIONS_TOPIC,
    AssociationRegisteredV1,
    InstitutionLicensingChangedV1,
    InstitutionManagerAssignedV1,
    InstitutionRegisteredV1,
    PartnershipAgreementEndedV1,
    PartnershipAgreementSignedV1,
)

Summary = Callable[[Any], str]


def entries(topic: str, *about: tuple[str, Summary], placed: str | None = None) -> On:
    """An entry for each (payload field naming a subject, its summary); with `placed`, the
    first subject is in the province of that payload field from now on."""

    def handle(p: BaseModel, envelope: Envelope, rows: Rows) -> None:
        if placed is not None:
            place(rows, id_of(p, about[0][0]), str(getattr(p, placed)))
        for name, summary in about:
            if getattr(p, name, None) is not None:
                record(rows, envelope, topic, id_of(p, name), summary(p))

    return On(handle, subjects(*(name for name, _ in about)))


def on_moved(p: BaseModel, envelope: Envelope, rows: Rows) -> None:
    assert isinstance(p, BeneficiaryMovedV1)
    key = str(p.beneficiary_id)
    before = province_of(rows, key) or "?"
    place(rows, key, p.province_code)
    moved = f"province {before} → {p.province_code}" if before != p.province_code else None
    record(rows, envelope, BENEFICIARIES_TOPIC, key, moved or f"moved within {before}")


def _categories(p: BeneficiaryEnrolledV2) -> str:
    return ", ".join(p.categories) or "no category"


def _impact(p: HouseholdDisasterImpactRecordedV1) -> str:
    evacuated = "evacuated" if p.evacuated else "not evacuated"
    return f"{p.disaster}: damage {p.damage}, {evacuated}"


def _institution(p: InstitutionRegisteredV1) -> str:
    where = f"{p.commune_code} ({p.province_code})"
    return f"registered: {p.type} in {where}, capacity {p.capacity}, {p.licensing_status}"


def _association(p: AssociationRegisteredV1) -> str:
    return f"registered in {p.province_code}: {', '.join(p.fields_of_work)}"


def _signed(p: PartnershipAgreementSignedV1) -> str:
    return f"agreement {p.agreement_id} signed, in force {p.starts_on} to {p.ends_on}"


B, H, C = BENEFICIARIES_TOPIC, HOUSEHOLDS_TOPIC, CLAIMS_TOPIC
INST, A = INSTITUTIONS_TOPIC, ASSOCIATIONS_TOPIC

HANDLERS: dict[str, On] = {
    BeneficiaryEnrolledV2.TYPE: entries(
        B,
        ("beneficiary_id", lambda p: f"enrolled in {p.province_code}: {_categories(p)}"),
        placed="province_code",
    ),
    BeneficiaryStatusChangedV1.TYPE: entries(B, ("beneficiary_id", lambda p: f"status {p.status}")),
    BeneficiaryMovedV1.TYPE: On(on_moved, subjects("beneficiary_id")),
    BeneficiaryCategoryRecognisedV1.TYPE: entries(
        B, ("beneficiary_id", lambda p: f"category {p.category} recognised")
    ),
    BeneficiariesMergedV1.TYPE: entries(
        B,
        ("duplicate_id", lambda p: f"merged into {p.survivor_id}"),
        ("survivor_id", lambda p: f"absorbed duplicate {p.duplicate_id}"),
    ),
    BeneficiaryPersonalDataErasedV1.TYPE: entries(
        B, ("beneficiary_id", lambda _: "personal data erased")
    ),
    HouseholdRegisteredV1.TYPE: entries(
        H,
        ("household_id", lambda p: f"registered in {p.province_code}, head {p.head_id}"),
        ("head_id", lambda p: f"heads household {p.household_id}"),
        placed="province_code",
    ),
    HouseholdMemberAddedV1.TYPE: entries(
        H,
        ("household_id", lambda p: f"member {p.beneficiary_id} added ({p.relation})"),
        ("beneficiary_id", lambda p: f"joined household {p.household_id} ({p.relation})"),
    ),
    HouseholdMemberRemovedV1.TYPE: entries(
        H,
        ("household_id", lambda p: f"member {p.beneficiary_id} removed"),
        ("beneficiary_id", lambda p: f"left household {p.household_id}"),
    ),
    HouseholdDisasterImpactRecordedV1.TYPE: entries(
        H, ("household_id", _impact), placed="province_code"
    ),
    ReliefClaimedV1.TYPE: entries(
        C,
        ("household_id", lambda p: f"relief claimed for {p.disaster} by {p.channel}"),
        ("claimant_id", lambda p: f"claimed relief for household {p.household_id}"),
        placed="province_code",
    ),
    InstitutionRegisteredV1.TYPE: entries(
        INST,
        ("institution_id", _institution),
        ("managing_association_id", lambda p: f"manages institution {p.institution_id}"),
        placed="province_code",
    ),
    InstitutionLicensingChangedV1.TYPE: entries(
        INST, ("institution_id", lambda p: f"licensing {p.status} from {p.effective_on}")
    ),
    InstitutionManagerAssignedV1.TYPE: entries(
        INST,
        ("institution_id", lambda p: f"managed by association {p.managing_association_id}"),
        ("managing_association_id", lambda p: f"manages institution {p.institution_id}"),
    ),
    AssociationRegisteredV1.TYPE: entries(
        A, ("association_id", _association), placed="province_code"
    ),
    PartnershipAgreementSignedV1.TYPE: entries(A, ("association_id", _signed)),
    PartnershipAgreementEndedV1.TYPE: entries(
        A, ("association_id", lambda p: f"agreement {p.agreement_id} ended on {p.ended_on}")
    ),
}
