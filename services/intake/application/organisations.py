"""Intake's records of institutions and associations, one method per use case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate

from services.intake.application.reference import ReferenceUseCases
from services.intake.domain.association import Association
from services.intake.domain.institution import Institution
from services.intake.domain.organisation_rules import ManagingAssociationMustBeKnown
from services.intake.domain.reference import Category, InstitutionType, LicensingStatus
from services.intake.domain.rules import CommuneMustBeKnownInProvince, ProvinceMustBeKnown
from services.intake.persistence import organisation_index as index
from shared.rules import check

A = TypeVar("A", bound=Aggregate)


@dataclass(frozen=True)
class InstitutionRegistration:
    name_lat: str | None
    name_ar: str | None
    type: InstitutionType
    province_code: str
    commune_code: str
    capacity: int
    licensing_status: LicensingStatus
    managing_association_id: UUID | None = None


@dataclass(frozen=True)
class AssociationRegistration:
    name: str
    registration_number: str
    province_code: str
    fields_of_work: tuple[Category, ...]


class OrganisationUseCases(ReferenceUseCases):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation_records = index.OrganisationRecords(self)

    def register_institution(
        self,
        registration: InstitutionRegistration,
        *,
        actor: str,
        reason: str | None = None,
        traceparent: str | None = None,
    ) -> UUID:
        manager = registration.managing_association_id
        territory = self.territory()
        check(
            ProvinceMustBeKnown(registration.province_code, territory),
            CommuneMustBeKnownInProvince(
                registration.commune_code, registration.province_code, territory
            ),
            ManagingAssociationMustBeKnown(manager is None or self._is_association(manager)),
        )
        institution = Institution.register(
            name_lat=registration.name_lat,
            name_ar=registration.name_ar,
            type=registration.type,
            province_code=registration.province_code,
            commune_code=registration.commune_code,
            capacity=registration.capacity,
            licensing_status=registration.licensing_status,
            managing_association_id=manager,
            actor=actor,
            reason=reason,
            traceparent=traceparent,
        )
        self.organisation_records.save_institution(institution)
        return institution.id

    def change_licensing(
        self,
        institution_id: UUID,
        *,
        status: LicensingStatus,
        effective_on: date,
        reason: str | None,
        actor: str,
        traceparent: str | None = None,
    ) -> Institution:
        institution = self.institution(institution_id)
        institution.change_licensing(
            status=status,
            effective_on=effective_on,
            reason=reason,
            actor=actor,
            traceparent=traceparent,
        )
        self.organisation_records.save_institution(institution)
        return institution

    def assign_managing_association(
        self,
        institution_id: UUID,
        association_id: UUID,
        *,
        actor: str,
        reason: str | None = None,
        traceparent: str | None = None,
    ) -> Institution:
        institution = self.institution(institution_id)
        check(ManagingAssociationMustBeKnown(self._is_association(association_id)))
        institution.assign_manager(
            association_id=association_id, actor=actor, reason=reason, traceparent=traceparent
        )
        self.organisation_records.save_institution(institution)
        return institution

    def register_association(
        self,
        registration: AssociationRegistration,
        *,
        actor: str,
        reason: str | None = None,
        traceparent: str | None = None,
    ) -> UUID:
        association = Association.register(
            name=registration.name,
            registration_number=registration.registration_number,
            province_code=registration.province_code,
            fields_of_work=registration.fields_of_work,
            actor=actor,
            reason=reason,
            traceparent=traceparent,
        )
        self.organisation_records.save_association(association)
        return association.id

    def sign_agreement(
        self,
        association_id: UUID,
        *,
        subject: str,
        starts_on: date,
        ends_on: date,
        actor: str,
        reason: str | None = None,
        traceparent: str | None = None,
    ) -> UUID:
        association = self.association(association_id)
        agreement_id = association.sign_agreement(
            subject=subject,
            starts_on=starts_on,
            ends_on=ends_on,
            actor=actor,
            reason=reason,
            traceparent=traceparent,
        )
        self.organisation_records.save_association(association)
        return agreement_id

    def end_agreement(
        self,
        association_id: UUID,
        agreement_id: UUID,
        *,
        ended_on: date,
        reason: str | None,
        actor: str,
        traceparent: str | None = None,
    ) -> Association:
        association = self.association(association_id)
        association.end_agreement(
            agreement_id=agreement_id,
            ended_on=ended_on,
            reason=reason,
            actor=actor,
            traceparent=traceparent,
        )
        self.organisation_records.save_association(association)
        return association

    def institution(self, institution_id: UUID) -> Institution:
        return self._get(institution_id, Institution)

    def association(self, association_id: UUID) -> Association:
        return self._get(association_id, Association)

    def institutions(self, query: index.OrganisationQuery) -> index.Page:
        return self.organisation_records.find(index.INSTITUTION, query)

    def associations(self, query: index.OrganisationQuery) -> index.Page:
        return self.organisation_records.find(index.ASSOCIATION, query)

    def _get(self, aggregate_id: UUID, kind: type[A]) -> A:
        found: Aggregate = self.repository.get(aggregate_id)
        if not isinstance(found, kind):  # another kind of record: not one of these
            raise AggregateNotFoundError(aggregate_id)
        return found

    def _is_association(self, aggregate_id: UUID) -> bool:
        try:
            self.association(aggregate_id)
        except AggregateNotFoundError:
            return False
        return True
