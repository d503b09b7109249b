"""Intake's use cases, one small class per area, each taking the event store and its ports
(Protocols in `ports`) in its constructor; bootstrap.py composes them into an `Intake`."""

from __future__ import annotations

from services.intake.application.beneficiaries import Consent, Enrolment, Submission
from services.intake.application.beneficiary_views import BeneficiaryRecord
from services.intake.application.errors import AlreadyEnrolled, NotFlagged, PersonalDataErased
from services.intake.application.intake import Intake
from services.intake.application.scope import EVERYWHERE, Scope

__all__ = [
    "EVERYWHERE",
    "AlreadyEnrolled",
    "BeneficiaryRecord",
    "Consent",
    "Enrolment",
    "Intake",
    "NotFlagged",
    "PersonalDataErased",
    "Scope",
    "Submission",
]
