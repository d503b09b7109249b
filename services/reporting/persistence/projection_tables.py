"""The tables of projections' generations, their positions and the catalog of live ones.

Each generation of a projection has a table per kind of row, named after the projection,
the kind, the version and the generation (`rp_budgets_envelope_v1_g2`), so a replay builds
the next generation beside the live one and switching is one catalog row changed.
"""

from __future__ import annotations

from datetime import date, datetime
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
from sqlalchemy.types import TypeEngine

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


def _type(f: Field) -> TypeEngine[Any]:
    if f.type is str:
        return String(f.size)
    if f.type is datetime:
        return DateTime(timezone=True)
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
        columns.append(Column("at", DateTime(timezone=True), nullable=False, index=True))
        return Table(name, metadata, Column("row_id", Integer, primary_key=True), *columns)
    table = Table(
        name,
        metadata,
        Column("row_id", Integer, primary_key=True),
        Column("key", String(120), nullable=False),
        *columns,
        Column("valid_from", DateTime(timezone=True), nullable=False),
        Column("valid_to", DateTime(timezone=True), nullable=True),
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
