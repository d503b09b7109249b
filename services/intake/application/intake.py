"""Every intake use case, one small class per area, as bootstrap.py composes them around one
event store: what the HTTP routers, the CLI, the demo, tests and benches are handed."""

from __future__ import annotations

from dataclasses import dataclass

from services.intake.application.beneficiaries import BeneficiaryEnrolment
from services.intake.application.beneficiary_changes import BeneficiaryChanges
from services.intake.application.beneficiary_duplicates import DuplicateDecisions
from services.intake.application.beneficiary_views import BeneficiaryViews
from services.intake.application.household_census import HouseholdCensus
from services.intake.application.household_views import HouseholdViews
from services.intake.application.households import Households
from services.intake.application.imports.beneficiary_import import BeneficiaryImport
from services.intake.application.imports.dispatch import Imports
from services.intake.application.imports.household_import import HouseholdImport
from services.intake.application.organisations import Organisations
from services.intake.application.ports import EventStore
from services.intake.application.reference import ReferenceData
from services.intake.application.relief_claim_batches import ClaimBatches
from services.intake.application.relief_claims import ReliefClaims


@dataclass(frozen=True)
class Intake:
    store: EventStore
    reference: ReferenceData
    beneficiaries: BeneficiaryEnrolment
    changes: BeneficiaryChanges
    duplicates: DuplicateDecisions
    views: BeneficiaryViews
    organisations: Organisations
    households: Households
    household_views: HouseholdViews
    beneficiary_import: BeneficiaryImport
    household_import: HouseholdImport
    imports: Imports
    claims: ReliefClaims
    claim_batches: ClaimBatches
    census: HouseholdCensus
