"""Intake's use cases, one module per area, one method per use case."""

from __future__ import annotations

from services.intake.application.beneficiaries import BeneficiaryUseCases, Consent, Enrolment
from services.intake.application.beneficiary_changes import BeneficiaryChanges
from services.intake.application.beneficiary_duplicates import DuplicateUseCases
from services.intake.application.beneficiary_store import AlreadyEnrolled, PersonalDataErased
from services.intake.application.beneficiary_views import BeneficiaryRecord, BeneficiaryViews
from services.intake.application.households import HouseholdUseCases
from services.intake.application.imports.beneficiary_import import ImportUseCases
from services.intake.application.imports.household_import import HouseholdImportUseCases
from services.intake.application.organisations import OrganisationUseCases


class IntakeApplication(
    HouseholdImportUseCases,
    ImportUseCases,
    BeneficiaryUseCases,
    BeneficiaryChanges,
    DuplicateUseCases,
    BeneficiaryViews,
    OrganisationUseCases,
    HouseholdUseCases,
):
    """Everything intake does, over one event store (tables `intake_*`)."""

    name = "intake"  # eventsourcing names each subclass after itself unless told


__all__ = [
    "AlreadyEnrolled",
    "BeneficiaryRecord",
    "Consent",
    "Enrolment",
    "IntakeApplication",
    "PersonalDataErased",
]
