"""A social-care institution or centre: where it is, how many it can take, its licensing."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from services.intake.domain.organisation_rules import (
    CapacityMustBePositive,
    ClosedInstitutionStaysClosed,
    InstitutionMustHaveAName,
    LicensingChangeMustGiveAReason,
    LicensingChangeMustNotPrecedeThePreviousOne,
    LicensingStatusMustChange,
    LicensingTransitionMustBeAllowed,
    ManagerMustChange,
    NewInstitutionMustBeLicensedOrInLicensing,
)
from services.intake.domain.reference import InstitutionType, LicensingStatus
from services.intake.domain.rules import ProvinceMustBeKnown
from shared.rules import check


class Institution(Aggregate):
    class Registered(Aggregate.Created):
        name_lat: str | None
        name_ar: str | None
        type: str
        province_code: str
        commune_code: str
        capacity: int
        licensing_status: str
        managing_association_id: UUID | None
        actor: str
        reason: str | None
        traceparent: str | None

    class LicensingChanged(Aggregate.Event):
        status: str
        effective_on: date
        actor: str
        reason: str | None
        traceparent: str | None

    class ManagerAssigned(Aggregate.Event):
        managing_association_id: UUID
        actor: str
        reason: str | None
        traceparent: str | None

    @event(Registered)
    def __init__(
        self,
        *,
        name_lat: str | None,
        name_ar: str | None,
        type: str,
        province_code: str,
        commune_code: str,
        capacity: int,
        licensing_status: str,
        managing_association_id: UUID | None,
        actor: str,
        reason: str | None,
        traceparent: str | None,
    ) -> None:
        self.name_lat = name_lat
        self.name_ar = name_ar
        self.type = InstitutionType(type)
        self.province_code = province_code
        self.commune_code = commune_code
        self.capacity = capacity
        self.licensing_status = LicensingStatus(licensing_status)
        # Registration states the status as found; only later changes carry their own date.
        self.licensing_effective_on: date | None = None
        self.managing_association_id = managing_association_id
        self.registered_by = actor

    @classmethod
    def register(
        cls,
        *,
        name_lat: str | None,
        name_ar: str | None,
        type: InstitutionType,
        province_code: str,
        commune_code: str,
        capacity: int,
        licensing_status: LicensingStatus,
        managing_association_id: UUID | None,
        actor: str,
        reason: str | None = None,
        traceparent: str | None = None,
    ) -> Institution:
        check(
            InstitutionMustHaveAName(name_ar, name_lat),
            ProvinceMustBeKnown(province_code),
            CapacityMustBePositive(capacity),
            NewInstitutionMustBeLicensedOrInLicensing(LicensingStatus(licensing_status)),
        )
        return cls(
            name_lat=name_lat,
            name_ar=name_ar,
            type=str(InstitutionType(type)),
            province_code=province_code,
            commune_code=commune_code,
            capacity=capacity,
            licensing_status=str(LicensingStatus(licensing_status)),
            managing_association_id=managing_association_id,
            actor=actor,
            reason=reason,
            traceparent=traceparent,
        )

    def change_licensing(
        self,
        *,
        status: LicensingStatus,
        effective_on: date,
        reason: str | None,
        actor: str,
        traceparent: str | None = None,
    ) -> None:
        new = LicensingStatus(status)
        check(
            ClosedInstitutionStaysClosed(self.licensing_status),
            LicensingStatusMustChange(self.licensing_status, new),
            LicensingTransitionMustBeAllowed(self.licensing_status, new),
            LicensingChangeMustGiveAReason(reason),
            LicensingChangeMustNotPrecedeThePreviousOne(self.licensing_effective_on, effective_on),
        )
        self._licensing_changed(
            status=str(new),
            effective_on=effective_on,
            actor=actor,
            reason=reason,
            traceparent=traceparent,
        )

    @event(LicensingChanged)
    def _licensing_changed(
        self,
        *,
        status: str,
        effective_on: date,
        actor: str,
        reason: str | None,
        traceparent: str | None,
    ) -> None:
        self.licensing_status = LicensingStatus(status)
        self.licensing_effective_on = effective_on

    def assign_manager(
        self,
        *,
        association_id: UUID,
        actor: str,
        reason: str | None = None,
        traceparent: str | None = None,
    ) -> None:
        """The caller checks the association exists: the aggregate cannot see other records."""
        check(ManagerMustChange(self.managing_association_id, association_id))
        self._manager_assigned(
            managing_association_id=association_id,
            actor=actor,
            reason=reason,
            traceparent=traceparent,
        )

    @event(ManagerAssigned)
    def _manager_assigned(
        self,
        *,
        managing_association_id: UUID,
        actor: str,
        reason: str | None,
        traceparent: str | None,
    ) -> None:
        self.managing_association_id = managing_association_id
