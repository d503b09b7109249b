"""Rules institutions and associations must satisfy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from services.intake.domain.reference import LicensingStatus
from shared.rules import BusinessRule

_S = LicensingStatus
# Closing is allowed from every other status and handled apart.
ALLOWED_LICENSING_TRANSITIONS: frozenset[tuple[LicensingStatus, LicensingStatus]] = frozenset(
    {
        (_S.LICENSING_IN_PROGRESS, _S.LICENSED),
        (_S.LICENSED, _S.SUSPENDED),
        (_S.SUSPENDED, _S.LICENSED),
    }
)
STATUSES_AN_INSTITUTION_MAY_START_IN = frozenset({_S.LICENSED, _S.LICENSING_IN_PROGRESS})


def _blank(text: str | None) -> bool:
    return not (text or "").strip()


@dataclass(frozen=True)
class InstitutionMustHaveAName(BusinessRule):
    name_ar: str | None
    name_lat: str | None
    message = "a name in Arabic or in Latin script is required"
    field = "name_ar"

    def is_broken(self) -> bool:
        return _blank(self.name_ar) and _blank(self.name_lat)


@dataclass(frozen=True)
class CapacityMustBePositive(BusinessRule):
    capacity: int
    message = "the capacity must be a whole number of places above zero"
    field = "capacity"

    def is_broken(self) -> bool:
        return self.capacity <= 0


@dataclass(frozen=True)
class NewInstitutionMustBeLicensedOrInLicensing(BusinessRule):
    status: LicensingStatus
    message = "a new institution is either licensed or in licensing"
    field = "licensing_status"

    def is_broken(self) -> bool:
        return self.status not in STATUSES_AN_INSTITUTION_MAY_START_IN


@dataclass(frozen=True)
class ClosedInstitutionStaysClosed(BusinessRule):
    current: LicensingStatus
    message = "the institution is closed; closing is final"
    field = "status"

    def is_broken(self) -> bool:
        return self.current is LicensingStatus.CLOSED


@dataclass(frozen=True)
class LicensingStatusMustChange(BusinessRule):
    current: LicensingStatus
    new: LicensingStatus
    message = "the institution already has this licensing status"
    field = "status"

    def is_broken(self) -> bool:
        return self.current is self.new


@dataclass(frozen=True)
class LicensingTransitionMustBeAllowed(BusinessRule):
    current: LicensingStatus
    new: LicensingStatus
    message = (
        "allowed: licensing in progress to licensed, licensed to suspended, "
        "suspended to licensed, and any status to closed"
    )
    field = "status"

    def is_broken(self) -> bool:
        if self.new is LicensingStatus.CLOSED:
            return self.current is LicensingStatus.CLOSED
        return (self.current, self.new) not in ALLOWED_LICENSING_TRANSITIONS


@dataclass(frozen=True)
class LicensingChangeMustGiveAReason(BusinessRule):
    reason: str | None
    message = "a change of licensing status needs a reason"
    field = "reason"

    def is_broken(self) -> bool:
        return _blank(self.reason)


@dataclass(frozen=True)
class LicensingChangeMustNotPrecedeThePreviousOne(BusinessRule):
    previous: date | None
    effective_on: date
    message = "a licensing change cannot take effect before the previous one"
    field = "effective_on"

    def is_broken(self) -> bool:
        return self.previous is not None and self.effective_on < self.previous


@dataclass(frozen=True)
class ManagingAssociationMustBeKnown(BusinessRule):
    known: bool
    message = "no association is registered with this id"
    field = "managing_association_id"

    def is_broken(self) -> bool:
        return not self.known


@dataclass(frozen=True)
class ManagerMustChange(BusinessRule):
    current: object
    new: object
    message = "this association already manages the institution"
    field = "managing_association_id"

    def is_broken(self) -> bool:
        return self.current == self.new


@dataclass(frozen=True)
class AssociationMustHaveAName(BusinessRule):
    name: str
    message = "the association's name is required"
    field = "name"

    def is_broken(self) -> bool:
        return _blank(self.name)


@dataclass(frozen=True)
class RegistrationNumberMustBeGiven(BusinessRule):
    registration_number: str
    message = "the association's registration number is required"
    field = "registration_number"

    def is_broken(self) -> bool:
        return _blank(self.registration_number)


@dataclass(frozen=True)
class AssociationMustWorkInSomeField(BusinessRule):
    fields_of_work: tuple[object, ...]
    message = "an association works in at least one field"
    field = "fields_of_work"

    def is_broken(self) -> bool:
        return not self.fields_of_work


@dataclass(frozen=True)
class AgreementMustHaveASubject(BusinessRule):
    subject: str
    message = "a partnership agreement needs a subject"
    field = "subject"

    def is_broken(self) -> bool:
        return _blank(self.subject)


@dataclass(frozen=True)
class AgreementMustEndAfterItStarts(BusinessRule):
    starts_on: date
    ends_on: date
    message = "a partnership agreement must end after it starts"
    field = "ends_on"

    def is_broken(self) -> bool:
        return self.ends_on <= self.starts_on


@dataclass(frozen=True)
class EndedAgreementCannotEndAgain(BusinessRule):
    ended_on: date | None
    message = "this partnership agreement has already been ended"
    field = "agreement_id"

    def is_broken(self) -> bool:
        return self.ended_on is not None


@dataclass(frozen=True)
class EarlyEndMustFallWithinTheAgreement(BusinessRule):
    starts_on: date
    ends_on: date
    ended_on: date
    message = "an early end falls on or after the start and before the agreed end"
    field = "ended_on"

    def is_broken(self) -> bool:
        return not (self.starts_on <= self.ended_on < self.ends_on)


@dataclass(frozen=True)
class EarlyEndMustGiveAReason(BusinessRule):
    reason: str | None
    message = "ending a partnership agreement early needs a reason"
    field = "reason"

    def is_broken(self) -> bool:
        return _blank(self.reason)
