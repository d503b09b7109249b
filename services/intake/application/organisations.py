"""Intake's records of institutions and associations, one method per use case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from services.intake.application.ports import EventStore, OrganisationIndex, UnitOfWork
from services.intake.application.records import (
    ASSOCIATION,
    INSTITUTION,
    HistoryEntry,
    OrganisationPage,
    OrganisationQuery,
)
from services.intake.application.reference import ReferenceData
from services.intake.application.scope import EVERYWHERE, Scope
from services.intake.application.sealing import record_of_kind
from services.intake.domain.association import Association
from services.intake.domain.institution import Institution
from services.intake.domain.organisation_rules import ManagingAssociationMustBeKnown
from services.intake.domain.reference import Category, InstitutionType, LicensingStatus
from services.intake.domain.rules import CommuneMustBeKnownInProvince, ProvinceMustBeKnown
from shared.rules import check

R = TypeVar("R", Institution, Association)


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


class Organisations:
    """Institutions and associations; each change commits with the record's index row."""

    def __init__(
        self,
        store: EventStore,
        reference: ReferenceData,
        records: UnitOfWork,
        index: OrganisationIndex,
    ) -> None:
        self._store = store
        self._reference = reference
        self._records = records
        self._index = index

    def register_institution(
        self,
        registration: InstitutionRegistration,
        *,
        actor: str,
        reason: str | None = None,
        traceparent: str | None = None,
        scope: Scope = EVERYWHERE,
    ) -> UUID:
        scope.require_acting_in(registration.province_code)
        manager = registration.managing_association_id
        territory = self._reference.territory()
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
        self._save_institution(institution)
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
        scope: Scope = EVERYWHERE,
    ) -> Institution:
        institution = self._writable(self.institution(institution_id), scope)
        institution.change_licensing(
            status=status,
            effective_on=effective_on,
            reason=reason,
            actor=actor,
            traceparent=traceparent,
        )
        self._save_institution(institution)
        return institution

    def assign_managing_association(
        self,
        institution_id: UUID,
        association_id: UUID,
        *,
        actor: str,
        reason: str | None = None,
        traceparent: str | None = None,
        scope: Scope = EVERYWHERE,
    ) -> Institution:
        institution = self._writable(self.institution(institution_id), scope)
        check(ManagingAssociationMustBeKnown(self._is_association(association_id)))
        institution.assign_manager(
            association_id=association_id, actor=actor, reason=reason, traceparent=traceparent
        )
        self._save_institution(institution)
        return institution

    def register_association(
        self,
        registration: AssociationRegistration,
        *,
        actor: str,
        reason: str | None = None,
        traceparent: str | None = None,
        scope: Scope = EVERYWHERE,
    ) -> UUID:
        scope.require_acting_in(registration.province_code)
        association = Association.register(
            name=registration.name,
            registration_number=registration.registration_number,
            province_code=registration.province_code,
            fields_of_work=registration.fields_of_work,
            actor=actor,
            reason=reason,
            traceparent=traceparent,
        )
        self._save_association(association)
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
        scope: Scope = EVERYWHERE,
    ) -> UUID:
        association = self._writable(self.association(association_id), scope)
        agreement_id = association.sign_agreement(
            subject=subject,
            starts_on=starts_on,
            ends_on=ends_on,
            actor=actor,
            reason=reason,
            traceparent=traceparent,
        )
        self._save_association(association)
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
        scope: Scope = EVERYWHERE,
    ) -> Association:
        association = self._writable(self.association(association_id), scope)
        association.end_agreement(
            agreement_id=agreement_id,
            ended_on=ended_on,
            reason=reason,
            actor=actor,
            traceparent=traceparent,
        )
        self._save_association(association)
        return association

    def institution(self, institution_id: UUID) -> Institution:
        return record_of_kind(self._store, institution_id, Institution)

    def association(self, association_id: UUID) -> Association:
        return record_of_kind(self._store, association_id, Association)

    def history(self, record_id: UUID) -> list[HistoryEntry]:
        return self._store.history(record_id)

    def as_of(self, record_id: UUID, when: datetime) -> Institution | Association:
        found: Institution | Association = self._store.as_of(record_id, when)
        return found

    def institutions(self, query: OrganisationQuery) -> OrganisationPage:
        return self._index.find(INSTITUTION, query)

    def associations(self, query: OrganisationQuery) -> OrganisationPage:
        return self._index.find(ASSOCIATION, query)

    def _writable(self, record: R, scope: Scope) -> R:
        scope.require_acting_in(record.province_code)
        return record

    def _save_institution(self, institution: Institution) -> None:
        with self._records.transaction() as tx:
            tx.save(institution)
            tx.index_institution(institution)

    def _save_association(self, association: Association) -> None:
        with self._records.transaction() as tx:
            tx.save(association)
            tx.index_association(association)

    def _is_association(self, aggregate_id: UUID) -> bool:
        try:
            self.association(aggregate_id)
        except AggregateNotFoundError:
            return False
        return True
