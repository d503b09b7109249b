"""Intake's own index of beneficiaries, written in the same transaction as their events.

It enforces one record per identity (a unique keyed hash of the national ID or civil-registry
reference) with the database's help, so two intake replicas racing cannot both enrol a person.
It holds no personal data in the clear: only keyed hashes, codes and statuses.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Column,
    DateTime,
    MetaData,
    String,
    Table,
    Uuid,
    func,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from services.intake.application.records import Page, categories_column
from shared.bulk import insert_rows

__all__ = ["BeneficiaryIndex", "Page", "beneficiary_index", "categories_column"]

metadata = MetaData()

beneficiary_index = Table(
    "intake_beneficiary_index",
    metadata,
    Column("beneficiary_id", Uuid, primary_key=True),
    Column("identity_hash", String(64), unique=True, nullable=True),
    Column("likeness_hash", String(64), index=True, nullable=True),
    Column("province_code", String(8), index=True, nullable=False),
    Column("commune_code", String(16), nullable=False),
    Column("categories", String(200), nullable=False),
    Column("status", String(16), index=True, nullable=False),
    Column("merged_into", Uuid, nullable=True),
    Column("possible_duplicate_of", Uuid, nullable=True),
    Column("enrolled_at", DateTime(timezone=True), nullable=False),
)


class BeneficiaryIndex:
    """The `BeneficiaryIndex` port's reads; `add` and `change` write in an open session."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        metadata.create_all(engine, checkfirst=True)

    def add(self, session: Session, rows: Sequence[dict[str, Any]]) -> None:
        now = datetime.now(UTC)
        insert_rows(session, beneficiary_index, [{"enrolled_at": now, **r} for r in rows])

    def change(self, session: Session, beneficiary_id: UUID, **values: Any) -> None:
        session.execute(
            update(beneficiary_index)
            .where(beneficiary_index.c.beneficiary_id == beneficiary_id)
            .values(**values)
        )

    def holder_of(self, identity_hashes: Sequence[str]) -> dict[str, UUID]:
        """Which beneficiary already holds each of these identities."""
        if not identity_hashes:
            return {}
        query = select(beneficiary_index.c.identity_hash, beneficiary_index.c.beneficiary_id).where(
            beneficiary_index.c.identity_hash.in_(list(identity_hashes))
        )
        with self._engine.connect() as conn:
            return {row.identity_hash: row.beneficiary_id for row in conn.execute(query)}

    def possible_duplicates(self, provinces: frozenset[str] | None) -> list[tuple[UUID, UUID]]:
        where: list[ColumnElement[bool]] = [
            beneficiary_index.c.possible_duplicate_of.is_not(None),
            beneficiary_index.c.merged_into.is_(None),
        ]
        if provinces is not None:
            where.append(beneficiary_index.c.province_code.in_(sorted(provinces)))
        query = select(
            beneficiary_index.c.beneficiary_id, beneficiary_index.c.possible_duplicate_of
        ).where(*where)
        with self._engine.connect() as conn:
            return [(row[0], row[1]) for row in conn.execute(query)]

    def search(
        self,
        *,
        provinces: frozenset[str] | None,
        province: str | None,
        category: str | None,
        status: str | None,
        limit: int,
        offset: int,
    ) -> Page:
        where: list[ColumnElement[bool]] = [beneficiary_index.c.merged_into.is_(None)]
        if provinces is not None:
            where.append(beneficiary_index.c.province_code.in_(sorted(provinces)))
        if province:
            where.append(beneficiary_index.c.province_code == province)
        if category:
            where.append(beneficiary_index.c.categories.contains(f",{category},"))
        if status:
            where.append(beneficiary_index.c.status == status)
        with self._engine.connect() as conn:
            total = conn.execute(
                select(func.count()).select_from(beneficiary_index).where(*where)
            ).scalar_one()
            ids = conn.execute(
                select(beneficiary_index.c.beneficiary_id)
                .where(*where)
                .order_by(beneficiary_index.c.enrolled_at, beneficiary_index.c.beneficiary_id)
                .limit(limit)
                .offset(offset)
            ).scalars()
            return Page(ids=list(ids), total=int(total))
