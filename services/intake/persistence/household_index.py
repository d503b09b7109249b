"""Intake's index of households, to list and filter them without loading every record.

Each row is written in the transaction that stores the household's new events, so the list never
disagrees with the records. It holds no personal data: codes, ids, disasters and a count.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Column,
    DateTime,
    Integer,
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

from services.intake.application.records import disasters_column

__all__ = ["HouseholdIndex", "disasters_column", "household_index"]

metadata = MetaData()

household_index = Table(
    "intake_household_index",
    metadata,
    Column("household_id", Uuid, primary_key=True),
    Column("province_code", String(8), index=True, nullable=False),
    Column("commune_code", String(16), nullable=False),
    Column("head_id", Uuid, index=True, nullable=False),
    # Disasters between commas (",floods-2025-12-safi,"), so a filter matches one whole name.
    Column("disasters", String(500), nullable=False),
    Column("member_count", Integer, nullable=False),
    Column("registered_at", DateTime(timezone=True), nullable=False),
)


class HouseholdIndex:
    """The `HouseholdIndex` port's reads; `add` and `change` write in an open session."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        metadata.create_all(engine, checkfirst=True)

    def headed_by(self, head_id: UUID) -> UUID | None:
        """The first household registered with this head, if any."""
        t = household_index.c
        query = (
            select(t.household_id)
            .where(t.head_id == head_id)
            .order_by(t.registered_at, t.household_id)
            .limit(1)
        )
        with self._engine.connect() as conn:
            found: UUID | None = conn.execute(query).scalar_one_or_none()
        return found

    def households_headed_by(self, head_ids: Sequence[UUID]) -> dict[UUID, UUID]:
        t = household_index.c
        query = (
            select(t.head_id, t.household_id)
            .where(t.head_id.in_(list(head_ids)))
            .order_by(t.registered_at.desc(), t.household_id.desc())
        )
        with self._engine.connect() as conn:
            return dict(conn.execute(query).tuples().all())  # the first registered wins

    def add(self, session: Session, **row: Any) -> None:
        session.execute(household_index.insert().values(registered_at=datetime.now(UTC), **row))

    def add_many(self, session: Session, rows: Sequence[dict[str, Any]]) -> None:
        """Rows, each with its `registered_at`, in one statement."""
        if rows:
            session.execute(household_index.insert(), list(rows))

    def change(self, session: Session, household_id: UUID, **values: Any) -> None:
        session.execute(
            update(household_index)
            .where(household_index.c.household_id == household_id)
            .values(**values)
        )

    def search(
        self,
        *,
        provinces: frozenset[str] | None,
        province: str | None = None,
        disaster: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[list[UUID], int]:
        """Households in `provinces` (None: all), oldest registration first; and how many."""
        t = household_index.c
        where: list[ColumnElement[bool]] = []
        if provinces is not None:
            where.append(t.province_code.in_(sorted(provinces)))
        if province:
            where.append(t.province_code == province)
        if disaster:
            where.append(t.disasters.contains(f",{disaster},", autoescape=True))
        with self._engine.connect() as conn:
            total = conn.execute(
                select(func.count()).select_from(household_index).where(*where)
            ).scalar_one()
            ids = conn.execute(
                select(t.household_id)
                .where(*where)
                .order_by(t.registered_at, t.household_id)
                .limit(limit)
                .offset(offset)
            ).scalars()
            return list(ids), int(total)
