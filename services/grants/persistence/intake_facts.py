"""`IntakeFacts` as a small read model in grants' database (SQLite or PostgreSQL).

Rows are written in the event store's open transaction (`transaction_of` joins the one the
consumer's inbox opened), so a fact, the proposals it led to and the inbox row commit together.
No personal data: ids, codes, categories, statuses, impacts, claims (household, disaster,
province, when), licensing and fields of work.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Index,
    MetaData,
    String,
    Table,
    Uuid,
    select,
)

from services.grants.domain.eligibility import (
    AssociationFacts,
    ClaimFacts,
    HouseholdFacts,
    InstitutionFacts,
    PersonFacts,
)
from services.grants.persistence.event_store import GrantsEventStore
from services.grants.persistence.household_locks import lock_households
from shared.eventsourcing_internals import engine_of, transaction_of
from shared.upsert import insert_unless_present, upsert

metadata = MetaData()

persons = Table(
    "grants_person_facts",
    metadata,
    Column("beneficiary_id", Uuid, primary_key=True),
    Column("province_code", String(8), nullable=False),
    Column("categories", String(500), nullable=False),  # between commas: ",disability,"
    Column("status", String(32), nullable=False),
)

households = Table(
    "grants_household_facts",
    metadata,
    Column("household_id", Uuid, primary_key=True),
    Column("head_id", Uuid, nullable=False),
    Column("province_code", String(8), nullable=False),
)
# Which households a beneficiary heads, when intake says they are gone. Created on its own:
# `create_all` skips a table that exists, and with it the indexes added since.
households_by_head = Index("grants_household_facts_by_head", households.c.head_id)

impacts = Table(
    "grants_household_impacts",
    metadata,
    Column("household_id", Uuid, primary_key=True),
    Column("disaster", String(100), primary_key=True),
    Column("province_code", String(8), nullable=False),
    Column("evacuated", Boolean, nullable=False),
    Column("damage", String(16), nullable=False),
)

# One claim per household and disaster, the first kept: intake sends one, and a redelivery is
# the same claim.
claims = Table(
    "grants_relief_claims",
    metadata,
    Column("household_id", Uuid, primary_key=True),
    Column("disaster", String(100), primary_key=True),
    Column("claim_id", Uuid, nullable=False),
    Column("province_code", String(8), nullable=False),
    Column("claimed_at", DateTime(timezone=True), nullable=False),
)


institutions = Table(
    "grants_institution_facts",
    metadata,
    Column("institution_id", Uuid, primary_key=True),
    Column("province_code", String(8), nullable=False),
    Column("licensing_status", String(32), nullable=False),
    Column("managing_association_id", Uuid, nullable=True),
)

associations = Table(
    "grants_association_facts",
    metadata,
    Column("association_id", Uuid, primary_key=True),
    Column("province_code", String(8), nullable=False),
    Column("fields_of_work", String(500), nullable=False),
)


def joined(values: Iterable[str]) -> str:
    return "," + "".join(f"{v}," for v in sorted(values))


def split(joined: str) -> frozenset[str]:
    return frozenset(v for v in joined.split(",") if v)


class SqlIntakeFacts:
    def __init__(self, store: GrantsEventStore) -> None:
        self._store = store
        engine = engine_of(store)
        metadata.create_all(engine, checkfirst=True)
        households_by_head.create(engine, checkfirst=True)

    def _one(self, table: Table, **key: Any) -> Any:
        query = select(table).where(*(table.c[k] == v for k, v in key.items()))
        with transaction_of(self._store) as session:
            return session.execute(query).one_or_none()

    def _keep(self, table: Table, key: tuple[str, ...], **row: Any) -> None:
        with transaction_of(self._store) as session:
            upsert(session, table, row, key=key)

    def person(self, beneficiary_id: UUID) -> PersonFacts | None:
        row = self._one(persons, beneficiary_id=beneficiary_id)
        if row is None:
            return None
        return PersonFacts(row.beneficiary_id, row.province_code, split(row.categories), row.status)

    def keep_person(self, person: PersonFacts) -> None:
        self._keep(
            persons,
            ("beneficiary_id",),
            beneficiary_id=person.beneficiary_id,
            province_code=person.province_code,
            categories=joined(person.categories),
            status=person.status,
        )

    def keep_household(self, household_id: UUID, *, head_id: UUID, province_code: str) -> None:
        self._keep(
            households,
            ("household_id",),
            household_id=household_id,
            head_id=head_id,
            province_code=province_code,
        )

    def household_province(self, household_id: UUID) -> str | None:
        row = self._one(households, household_id=household_id)
        return None if row is None else str(row.province_code)

    def household_head(self, household_id: UUID) -> UUID | None:
        row = self._one(households, household_id=household_id)
        return None if row is None else UUID(str(row.head_id))

    def households_headed_by(self, head_id: UUID) -> list[UUID]:
        query = select(households.c.household_id).where(households.c.head_id == head_id)
        with transaction_of(self._store) as session:
            return list(session.execute(query.order_by(households.c.household_id)).scalars())

    def impact(self, household_id: UUID, disaster: str) -> HouseholdFacts | None:
        row = self._one(impacts, household_id=household_id, disaster=disaster)
        if row is None:
            return None
        return HouseholdFacts(
            row.household_id, row.province_code, row.disaster, row.evacuated, row.damage
        )

    def keep_impact(self, impact: HouseholdFacts) -> None:
        assert impact.disaster is not None
        self._keep(
            impacts,
            ("household_id", "disaster"),
            household_id=impact.household_id,
            disaster=impact.disaster,
            province_code=impact.province_code,
            evacuated=impact.evacuated,
            damage=impact.damage,
        )

    def claim(self, household_id: UUID, disaster: str) -> ClaimFacts | None:
        row = self._one(claims, household_id=household_id, disaster=disaster)
        if row is None:
            return None
        claimed_at: datetime = row.claimed_at  # SQLite gives it back without its zone: UTC
        at = claimed_at if claimed_at.tzinfo else claimed_at.replace(tzinfo=UTC)
        return ClaimFacts(row.claim_id, row.household_id, row.disaster, row.province_code, at)

    def lock_household(self, household_id: UUID) -> None:
        with transaction_of(self._store) as session:
            lock_households(session, [household_id])

    def keep_claim(self, claim: ClaimFacts) -> None:
        row = {
            "household_id": claim.household_id,
            "disaster": claim.disaster,
            "claim_id": claim.claim_id,
            "province_code": claim.province_code,
            "claimed_at": claim.claimed_at.astimezone(UTC),
        }
        with transaction_of(self._store) as session:
            insert_unless_present(session, claims, row)

    def institution(self, institution_id: UUID) -> InstitutionFacts | None:
        row = self._one(institutions, institution_id=institution_id)
        if row is None:
            return None
        return InstitutionFacts(
            row.institution_id, row.province_code, row.licensing_status, row.managing_association_id
        )

    def keep_institution(self, institution: InstitutionFacts) -> None:
        self._keep(
            institutions,
            ("institution_id",),
            institution_id=institution.institution_id,
            province_code=institution.province_code,
            licensing_status=institution.licensing_status,
            managing_association_id=institution.managing_association_id,
        )

    def association(self, association_id: UUID) -> AssociationFacts | None:
        row = self._one(associations, association_id=association_id)
        if row is None:
            return None
        return AssociationFacts(row.association_id, row.province_code, split(row.fields_of_work))

    def keep_association(self, association: AssociationFacts) -> None:
        self._keep(
            associations,
            ("association_id",),
            association_id=association.association_id,
            province_code=association.province_code,
            fields_of_work=joined(association.fields_of_work),
        )
