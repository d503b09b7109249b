"""`IntakeFactsInBulk` in grants' database: each kind of fact read or written for a whole batch
of intake's messages in one statement, where `SqlIntakeFacts` takes one per message."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Table, select

from services.grants.application.bulk_ports import HouseholdRegistration
from services.grants.domain.eligibility import ClaimFacts, HouseholdFacts, PersonFacts
from services.grants.persistence.household_locks import lock_households
from services.grants.persistence.intake_facts import (
    SqlIntakeFacts,
    claims,
    households,
    impacts,
    joined,
    persons,
    split,
)
from shared.eventsourcing_internals import transaction_of
from shared.upsert import insert_into, insert_rows_unless_present

Key = tuple[UUID, str]


class SqlIntakeFactsInBulk(SqlIntakeFacts):
    def lock_households(self, household_ids: Sequence[UUID]) -> None:
        with transaction_of(self._store) as session:
            lock_households(session, household_ids)

    def persons(self, beneficiary_ids: Sequence[UUID]) -> dict[UUID, PersonFacts]:
        return {
            row.beneficiary_id: PersonFacts(
                row.beneficiary_id, row.province_code, split(row.categories), row.status
            )
            for row in self._rows(persons, persons.c.beneficiary_id, beneficiary_ids)
        }

    def keep_persons(self, kept: Sequence[PersonFacts]) -> None:
        last = {p.beneficiary_id: p for p in kept}  # a statement changes a row once
        rows = [
            {
                "beneficiary_id": p.beneficiary_id,
                "province_code": p.province_code,
                "categories": joined(p.categories),
                "status": p.status,
            }
            for p in last.values()
        ]
        self._upsert(persons, ("beneficiary_id",), rows)

    def keep_households(self, kept: Sequence[HouseholdRegistration]) -> None:
        last = {h.household_id: h for h in kept}
        self._upsert(households, ("household_id",), [h._asdict() for h in last.values()])

    def household_heads(self, household_ids: Sequence[UUID]) -> dict[UUID, UUID]:
        rows = self._rows(households, households.c.household_id, household_ids)
        return {row.household_id: row.head_id for row in rows}

    def impacts(self, keys: Sequence[Key]) -> dict[Key, HouseholdFacts]:
        wanted = set(keys)
        rows = self._rows(impacts, impacts.c.household_id, [h for h, _ in keys])
        return {
            (row.household_id, row.disaster): HouseholdFacts(
                row.household_id, row.province_code, row.disaster, row.evacuated, row.damage
            )
            for row in rows
            if (row.household_id, row.disaster) in wanted
        }

    def keep_impacts(self, kept: Sequence[HouseholdFacts]) -> None:
        last = {(i.household_id, i.disaster): i for i in kept}
        rows = [
            {
                "household_id": i.household_id,
                "disaster": i.disaster,
                "province_code": i.province_code,
                "evacuated": i.evacuated,
                "damage": i.damage,
            }
            for i in last.values()
        ]
        self._upsert(impacts, ("household_id", "disaster"), rows)

    def claims(self, keys: Sequence[Key]) -> dict[Key, ClaimFacts]:
        wanted = set(keys)
        found: dict[Key, ClaimFacts] = {}
        for row in self._rows(claims, claims.c.household_id, [h for h, _ in keys]):
            if (row.household_id, row.disaster) in wanted:
                at: datetime = row.claimed_at  # SQLite gives it back without its zone: UTC
                at = at if at.tzinfo else at.replace(tzinfo=UTC)
                found[(row.household_id, row.disaster)] = ClaimFacts(
                    row.claim_id, row.household_id, row.disaster, row.province_code, at
                )
        return found

    def keep_claims(self, kept: Sequence[ClaimFacts]) -> None:
        first: dict[Key, ClaimFacts] = {}
        for claim in kept:
            first.setdefault((claim.household_id, claim.disaster), claim)
        rows = [
            {
                "household_id": c.household_id,
                "disaster": c.disaster,
                "claim_id": c.claim_id,
                "province_code": c.province_code,
                "claimed_at": c.claimed_at.astimezone(UTC),
            }
            for c in first.values()
        ]
        with transaction_of(self._store) as session:
            insert_rows_unless_present(session, claims, rows)

    def _rows(self, table: Table, column: Any, ids: Iterable[UUID]) -> list[Any]:
        wanted = sorted(set(ids))
        if not wanted:
            return []
        with transaction_of(self._store) as session:
            return list(session.execute(select(table).where(column.in_(wanted))))

    def _upsert(self, table: Table, key: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        with transaction_of(self._store) as session:
            statement = insert_into(session, table).values(rows)
            changes = {c: statement.excluded[c] for c in rows[0] if c not in key}
            session.execute(statement.on_conflict_do_update(index_elements=list(key), set_=changes))
