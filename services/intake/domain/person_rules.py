"""Rules about a person's identity and personal data."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from services.intake.domain.reference import BeneficiaryStatus, Category
from shared.rules import BusinessRule

PHONE_PATTERN = re.compile(r"^(\+212|0)[5-7][0-9]{8}$")


@dataclass(frozen=True)
class PersonMustBeIdentified(BusinessRule):
    """A national ID, or for a minor without one, a civil-registry reference."""

    cin: str | None
    civil_registry_ref: str | None
    message = "a national ID (cin) or a civil-registry reference is required"
    field = "cin"

    def is_broken(self) -> bool:
        return not (self.cin or (self.civil_registry_ref or "").strip())


@dataclass(frozen=True)
class PhoneMustBeMoroccan(BusinessRule):
    phone: str | None
    message = "a Moroccan phone number: 0 or +212, then 9 digits starting with 5, 6 or 7"
    field = "phone"

    def is_broken(self) -> bool:
        return self.phone is not None and not PHONE_PATTERN.fullmatch(self.phone)


@dataclass(frozen=True)
class DisabilityMustSayTypeAndSeverity(BusinessRule):
    category: Category
    disability_type: str | None
    severity: str | None
    message = "a disability needs its type and severity (and only a disability has them)"
    field = "categories"

    def is_broken(self) -> bool:
        has_details = self.disability_type is not None and self.severity is not None
        has_any = self.disability_type is not None or self.severity is not None
        return has_details != (self.category is Category.DISABILITY) or (
            has_any and not has_details
        )


@dataclass(frozen=True)
class PeriodMustNotEndBeforeItStarts(BusinessRule):
    since: date
    until: date | None
    message = "a category's end date cannot be before its start date"
    field = "categories"

    def is_broken(self) -> bool:
        return self.until is not None and self.until < self.since


ALLOWED_STATUS_CHANGES: dict[BeneficiaryStatus, set[BeneficiaryStatus]] = {
    BeneficiaryStatus.ENROLLED: {BeneficiaryStatus.ACTIVE, BeneficiaryStatus.EXITED},
    BeneficiaryStatus.ACTIVE: {BeneficiaryStatus.SUSPENDED, BeneficiaryStatus.EXITED},
    BeneficiaryStatus.SUSPENDED: {BeneficiaryStatus.ACTIVE, BeneficiaryStatus.EXITED},
    BeneficiaryStatus.EXITED: set(),
}


@dataclass(frozen=True)
class StatusMayOnlyMoveForward(BusinessRule):
    """enrolled → active → suspended ⇄ active → exited; exited is final."""

    current: BeneficiaryStatus
    new: BeneficiaryStatus
    message = "this status change is not allowed"
    field = "status"

    def is_broken(self) -> bool:
        return self.new not in ALLOWED_STATUS_CHANGES[self.current]


@dataclass(frozen=True)
class ReasonMustBeGiven(BusinessRule):
    reason: str | None
    message = "a reason is required"
    field = "reason"

    def is_broken(self) -> bool:
        return not (self.reason or "").strip()


@dataclass(frozen=True)
class RecordMustBeOpen(BusinessRule):
    """Merged or erased records take no more changes."""

    merged_into: object
    erased: bool
    message = "this record was merged or erased and takes no more changes"
    field = "beneficiary_id"

    def is_broken(self) -> bool:
        return self.merged_into is not None or self.erased
