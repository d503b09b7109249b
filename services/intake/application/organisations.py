"""Intake's records of institutions and associations, one method per use case."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
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
        self._save(institution)
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
        with self._changing(self.institution(institution_id), scope) as institution:
            institution.change_licensing(
                status=status,
                effective_on=effective_on,
                reason=reason,
                actor=actor,
                traceparent=traceparent,
            )
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
        with self._changing(self.institution(institution_id), scope) as institution:
            check(ManagingAssociationMustBeKnown(self._is_association(association_id)))
            institution.assign_manager(
                association_id=association_id, actor=actor, reason=reason, traceparent=traceparent
            )
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
        self._save(association)
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
        with self._changing(self.association(association_id), scope) as association:
            agreement_id = association.sign_agreement(
                subject=subject,
                starts_on=starts_on,
                ends_on=ends_on,
                actor=actor,
                reason=reason,
                traceparent=traceparent,
            )
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
        with self._changing(self.association(association_id), scope) as association:
            association.end_agreement(
                agreement_id=agreement_id,
                ended_on=ended_on,
                reason=reason,
                actor=actor,
                traceparent=traceparent,
            )
        return association

    def institution(self, institution_id: UUID, as_of: datetime | None = None) -> Institution:
        return self._of_kind(institution_id, Institution, as_of)

    def association(self, association_id: UUID, as_of: datetime | None = None) -> Association:
        return self._of_kind(association_id, Association, as_of)

    def history(self, record_id: UUID) -> list[HistoryEntry]:
        return self._store.history(record_id)

    def institutions(self, query: OrganisationQuery) -> OrganisationPage:
        return self._index.find(INSTITUTION, query)

    def associations(self, query: OrganisationQuery) -> OrganisationPage:
        return self._index.find(ASSOCIATION, query)

    def _of_kind(self, record_id: UUID, kind: type[R], as_of: datetime | None) -> R:
        found = record_of_kind(self._store, record_id, kind)  # names a record of this kind
        then: R = found if as_of is None else self._store.as_of(record_id, as_of)
        return then

    @contextmanager
    def _changing(self, record: R, scope: Scope) -> Iterator[R]:
        """A change to `record` in the caller's provinces, saved once the block has made it."""
        scope.require_acting_in(record.province_code)
        yield record
        self._save(record)

    def _save(self, record: Institution | Association) -> None:
        with self._records.transaction() as tx:
            tx.save(record)
            if isinstance(record, Institution):
                tx.index_institution(record)
            else:
                tx.index_association(record)

    def _is_association(self, aggregate_id: UUID) -> bool:
        try:
            self.association(aggregate_id)
        except AggregateNotFoundError:
            return False
        return True
