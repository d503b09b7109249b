"""The tables of projections' generations, their positions and the catalog of live ones.

Each generation of a projection has a table per kind of row, named after the projection,
the kind, the version and the generation (`rp_budgets_envelope_v1_g2`), so a replay builds
the next generation beside the live one and switching is one catalog row changed.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Uuid,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

from services.reporting.application.projection_ports import Generation
from services.reporting.domain.history import Field, Kind

catalog_metadata = MetaData()

catalog = Table(
    "rp_catalog",
    catalog_metadata,
    Column("projection", String(40), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("generation", Integer, nullable=False),
    Column("switched_at", DateTime(timezone=True), nullable=False),
    Column("events", BigInteger, nullable=False, default=0),  # applied by its build
)

positions = Table(
    "rp_positions",
    catalog_metadata,
    Column("generation", String(80), primary_key=True),  # Generation.label
    Column("topic", String(200), primary_key=True),
    Column("partition", Integer, primary_key=True),
    Column("position", BigInteger, nullable=False),
    Column("offset", BigInteger, nullable=False),
)


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC in and out: SQLite keeps no offset and hands back naive times, which
    handlers would neither compare nor subtract with the events' own."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _type(f: Field) -> TypeEngine[Any]:
    if f.type is str:
        return String(f.size)
    if f.type is datetime:
        return UtcDateTime()
    kinds: dict[type, TypeEngine[Any]] = {
        int: BigInteger(),
        bool: Boolean(),
        date: Date(),
        UUID: Uuid(),
    }
    return kinds[f.type]


def _column(f: Field) -> Column[Any]:
    return Column(f.name, _type(f), nullable=True, index=f.indexed)


def table_name(generation: Generation, kind: Kind) -> str:
    return f"rp_{generation.projection}_{kind.name}_v{generation.version}_g{generation.number}"


def kind_table(metadata: MetaData, generation: Generation, kind: Kind) -> Table:
    name = table_name(generation, kind)
    columns: list[Column[Any]] = [_column(f) for f in kind.fields]
    if kind.appended:
        columns.append(Column("at", UtcDateTime(), nullable=False, index=True))
        return Table(name, metadata, Column("row_id", Integer, primary_key=True), *columns)
    table = Table(
        name,
        metadata,
        Column("row_id", Integer, primary_key=True),
        Column("key", String(120), nullable=False),
        *columns,
        Column("valid_from", UtcDateTime(), nullable=False),
        Column("valid_to", UtcDateTime(), nullable=True),
    )
    # The open row of a key: what a chunk loads and closes. One per key at most.
    Index(
        f"{name}_open",
        table.c.key,
        unique=True,
        postgresql_where=text("valid_to IS NULL"),
        sqlite_where=text("valid_to IS NULL"),
    )
    return table
