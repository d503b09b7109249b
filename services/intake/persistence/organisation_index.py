"""A table to list and filter institutions and associations without loading every record.

Each row is written in the transaction that stores the record's new events, so the list never
disagrees with the records, whichever replica wrote them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Uuid,
    func,
    select,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from services.intake.application.records import (
    ASSOCIATION,
    INSTITUTION,
    IndexRow,
    OrganisationQuery,
)
from services.intake.application.records import OrganisationPage as Page
from services.intake.domain.association import Association
from services.intake.domain.institution import Institution
from shared.upsert import upsert

__all__ = ["ASSOCIATION", "INSTITUTION", "OrganisationIndex", "OrganisationQuery", "Page"]

metadata = MetaData()

organisations_index = Table(
    "intake_organisations_index",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("sort_name", String, nullable=False),
    Column("name", String),
    Column("name_lat", String),
    Column("name_ar", String),
    Column("province_code", String(16), nullable=False),
    Column("type", String(64)),
    Column("status", String(32)),
    Column("registration_number", String),
    # Fields of work between commas (",disability,elderly_without_support,"), for LIKE ',x,'.
    Column("fields", String),
    Column("version", Integer, nullable=False),
    Index("ix_intake_organisations_index_kind_province", "kind", "province_code"),
)


def create_index(engine: Engine) -> None:
    metadata.create_all(engine, checkfirst=True)


def _upsert(session: Session, values: dict[str, Any]) -> None:
    upsert(session, organisations_index, values, key=["id"])


def institution_row(institution: Institution) -> dict[str, Any]:
    name = institution.name_lat or institution.name_ar or ""
    return {
        "id": institution.id,
        "kind": INSTITUTION,
        "sort_name": name.casefold(),
        "name": None,
        "name_lat": institution.name_lat,
        "name_ar": institution.name_ar,
        "province_code": institution.province_code,
        "type": str(institution.type),
        "status": str(institution.licensing_status),
        "registration_number": None,
        "fields": None,
        "version": institution.version,
    }


def association_row(association: Association) -> dict[str, Any]:
    return {
        "id": association.id,
        "kind": ASSOCIATION,
        "sort_name": association.name.casefold(),
        "name": association.name,
        "name_lat": None,
        "name_ar": None,
        "province_code": association.province_code,
        "type": None,
        "status": None,
        "registration_number": association.registration_number,
        "fields": "," + ",".join(str(f) for f in association.fields_of_work) + ",",
        "version": association.version,
    }


def record_institution(session: Session, institution: Institution) -> None:
    _upsert(session, institution_row(institution))


def record_association(session: Session, association: Association) -> None:
    _upsert(session, association_row(association))


def index_row(r: Any) -> IndexRow:
    """A row of the table (or its dict, in memory) as the use cases see it."""
    return IndexRow(
        id=r.id,
        name=r.name,
        name_lat=r.name_lat,
        name_ar=r.name_ar,
        province_code=r.province_code,
        type=r.type,
        status=r.status,
        registration_number=r.registration_number,
        fields_of_work=[f for f in (r.fields or "").split(",") if f],
    )


def find(engine: Engine, kind: str, query: OrganisationQuery) -> Page:
    t = organisations_index.c
    where: list[ColumnElement[bool]] = [t.kind == kind]
    if query.provinces is not None:
        where.append(t.province_code.in_(sorted(query.provinces)))
    if query.type is not None:
        where.append(t.type == query.type)
    if query.status is not None:
        where.append(t.status == query.status)
    if query.field is not None:
        where.append(t.fields.contains(f",{query.field},", autoescape=True))
    rows = (
        select(organisations_index)
        .where(*where)
        .order_by(t.sort_name, t.id)
        .limit(query.limit)
        .offset(query.offset)
    )
    count = select(func.count()).select_from(organisations_index).where(*where)
    with engine.connect() as conn:
        total = conn.execute(count).scalar_one()
        found = [index_row(r) for r in conn.execute(rows)]
    return Page(rows=found, total=total)


class OrganisationIndex:
    """The `OrganisationIndex` port: listing institutions and associations by their rows
    (written with their events by the unit of work: `record_institution`, ...)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        create_index(engine)

    def find(self, kind: str, query: OrganisationQuery) -> Page:
        return find(self._engine, kind, query)
