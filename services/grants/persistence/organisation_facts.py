"""`OrganisationFacts` kept in memory, for unit tests: what they tell grants about
organisations. The running service reads the facts kept from intake's events
(`SqlIntakeFacts`)."""

from __future__ import annotations

from uuid import UUID

from services.grants.domain.eligibility import AssociationFacts, InstitutionFacts


class InMemoryOrganisationFacts:
    def __init__(self) -> None:
        self._institutions: dict[UUID, InstitutionFacts] = {}
        self._associations: dict[UUID, AssociationFacts] = {}

    def know_institution(self, facts: InstitutionFacts) -> None:
        self._institutions[facts.institution_id] = facts

    def know_association(self, facts: AssociationFacts) -> None:
        self._associations[facts.association_id] = facts

    def institution(self, institution_id: UUID) -> InstitutionFacts | None:
        return self._institutions.get(institution_id)

    def association(self, association_id: UUID) -> AssociationFacts | None:
        return self._associations.get(association_id)
