"""`IntakeFacts`, the proposals' subject index and a `UnitOfWork` in memory, for unit tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from uuid import UUID

from services.grants.application.bulk_ports import HouseholdRegistration
from services.grants.domain.decision import Decision
from services.grants.domain.decision_rules import DecisionStatus
from services.grants.domain.eligibility import (
    AssociationFacts,
    ClaimFacts,
    HouseholdFacts,
    InstitutionFacts,
    PersonFacts,
)


class InMemoryIntakeFacts:
    def __init__(self) -> None:
        self._persons: dict[UUID, PersonFacts] = {}
        self._households: dict[UUID, tuple[UUID, str]] = {}  # head, province
        self._impacts: dict[tuple[UUID, str], HouseholdFacts] = {}
        self._claims: dict[tuple[UUID, str], ClaimFacts] = {}
        self._institutions: dict[UUID, InstitutionFacts] = {}
        self._associations: dict[UUID, AssociationFacts] = {}

    def person(self, beneficiary_id: UUID) -> PersonFacts | None:
        return self._persons.get(beneficiary_id)

    def keep_person(self, person: PersonFacts) -> None:
        self._persons[person.beneficiary_id] = person

    def keep_household(self, household_id: UUID, *, head_id: UUID, province_code: str) -> None:
        self._households[household_id] = (head_id, province_code)

    def household_province(self, household_id: UUID) -> str | None:
        found = self._households.get(household_id)
        return None if found is None else found[1]

    def household_head(self, household_id: UUID) -> UUID | None:
        found = self._households.get(household_id)
        return None if found is None else found[0]

    def households_headed_by(self, head_id: UUID) -> list[UUID]:
        return [h for h, (head, _) in self._households.items() if head == head_id]

    def impact(self, household_id: UUID, disaster: str) -> HouseholdFacts | None:
        return self._impacts.get((household_id, disaster))

    def keep_impact(self, impact: HouseholdFacts) -> None:
        assert impact.disaster is not None
        self._impacts[(impact.household_id, impact.disaster)] = impact

    def claim(self, household_id: UUID, disaster: str) -> ClaimFacts | None:
        return self._claims.get((household_id, disaster))

    def lock_household(self, household_id: UUID) -> None:
        """Unit tests apply one message at a time: nothing to wait for."""

    def keep_claim(self, claim: ClaimFacts) -> None:
        self._claims.setdefault((claim.household_id, claim.disaster), claim)

    def lock_households(self, household_ids: Sequence[UUID]) -> None:
        """Nothing to wait for, as `lock_household`."""

    def persons(self, beneficiary_ids: Sequence[UUID]) -> dict[UUID, PersonFacts]:
        return {i: p for i in beneficiary_ids if (p := self._persons.get(i)) is not None}

    def keep_persons(self, persons: Sequence[PersonFacts]) -> None:
        for person in persons:
            self.keep_person(person)

    def keep_households(self, households: Sequence[HouseholdRegistration]) -> None:
        for h in households:
            self.keep_household(h.household_id, head_id=h.head_id, province_code=h.province_code)

    def household_heads(self, household_ids: Sequence[UUID]) -> dict[UUID, UUID]:
        return {i: h for i in household_ids if (h := self.household_head(i)) is not None}

    def impacts(self, keys: Sequence[tuple[UUID, str]]) -> dict[tuple[UUID, str], HouseholdFacts]:
        return {k: i for k in keys if (i := self._impacts.get(k)) is not None}

    def keep_impacts(self, impacts: Sequence[HouseholdFacts]) -> None:
        for impact in impacts:
            self.keep_impact(impact)

    def claims(self, keys: Sequence[tuple[UUID, str]]) -> dict[tuple[UUID, str], ClaimFacts]:
        return {k: c for k in keys if (c := self._claims.get(k)) is not None}

    def keep_claims(self, claims: Sequence[ClaimFacts]) -> None:
        for claim in claims:
            self.keep_claim(claim)

    def institution(self, institution_id: UUID) -> InstitutionFacts | None:
        return self._institutions.get(institution_id)

    def keep_institution(self, institution: InstitutionFacts) -> None:
        self._institutions[institution.institution_id] = institution

    def association(self, association_id: UUID) -> AssociationFacts | None:
        return self._associations.get(association_id)

    def keep_association(self, association: AssociationFacts) -> None:
        self._associations[association.association_id] = association


class InMemorySubjectIndex:
    def __init__(self) -> None:
        self._by_subject: dict[UUID, list[UUID]] = {}
        self._in_order: list[tuple[UUID, str, UUID]] = []  # decision, province, programme

    def add(self, *decisions: Decision) -> None:
        for decision in decisions:
            if decision.id not in {d for d, _, _ in self._in_order}:
                self._in_order.append((decision.id, decision.province_code, decision.programme_id))
            ids = self._by_subject.setdefault(decision.subject_id, [])
            if decision.id not in ids:
                ids.append(decision.id)

    def of_subject(self, subject_id: UUID) -> list[UUID]:
        return list(self._by_subject.get(subject_id, []))

    def page(
        self,
        *,
        provinces: frozenset[str] | None,
        programme_id: UUID | None,
        status: DecisionStatus | None,
        limit: int,
        offset: int,
        status_of: Callable[[UUID], DecisionStatus | None],
    ) -> tuple[list[UUID], int]:
        found = [
            decision_id
            for decision_id, province, programme in self._in_order
            if (provinces is None or province in provinces)
            and (programme_id is None or programme == programme_id)
            and (status is None or status_of(decision_id) == status)
        ]
        return found[offset : offset + limit], len(found)


class InMemoryUnitOfWork:
    """The POPO store commits each save at once: nothing to open, nothing to roll back."""

    def transaction(self) -> AbstractContextManager[object]:
        return nullcontext()
