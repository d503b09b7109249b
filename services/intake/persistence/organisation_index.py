"""A table to list and filter institutions and associations without loading every record.

Each row is written in the transaction that stores the record's new events, so the list never
disagrees with the records, whichever replica wrote them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import Application
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

from services.intake.domain.association import Association
from services.intake.domain.institution import Institution
from shared.eventstore import engine_of
from shared.upsert import upsert

INSTITUTION = "institution"
ASSOCIATION = "association"

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


@dataclass(frozen=True)
class OrganisationQuery:
    provinces: frozenset[str] | None  # None: every province
    type: str | None = None
    status: str | None = None
    field: str | None = None
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True)
class IndexRow:
    id: UUID
    name: str | None
    name_lat: str | None
    name_ar: str | None
    province_code: str
    type: str | None
    status: str | None
    registration_number: str | None
    fields_of_work: list[str]


@dataclass(frozen=True)
class Page:
    rows: list[IndexRow]
    total: int


A = TypeVar("A", Institution, Association)


def create_index(engine: Engine) -> None:
    metadata.create_all(engine, checkfirst=True)


def _upsert(session: Session, values: dict[str, Any]) -> None:
    upsert(session, organisations_index, values, key=["id"])


def record_institution(session: Session, institution: Institution) -> None:
    name = institution.name_lat or institution.name_ar or ""
    _upsert(
        session,
        {
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
        },
    )


def record_association(session: Session, association: Association) -> None:
    _upsert(
        session,
        {
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
        },
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
        found = [
            IndexRow(
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
            for r in conn.execute(rows)
        ]
    return Page(rows=found, total=total)


class OrganisationRecords:
    """Institutions and associations with their index rows: the new events and the row commit
    together, or neither does."""

    def __init__(self, store: Application[Any]) -> None:
        self._store = store
        self._engine = engine_of(store)
        create_index(self._engine)

    def save_institution(self, institution: Institution) -> None:
        self._save(institution, record_institution)

    def save_association(self, association: Association) -> None:
        self._save(association, record_association)

    def find(self, kind: str, query: OrganisationQuery) -> Page:
        return find(self._engine, kind, query)

    def _save(self, aggregate: A, record: Callable[[Session, A], None]) -> None:
        with self._store.recorder.transaction(commit=True) as session:  # type: ignore[attr-defined]
            self._store.save(aggregate)
            record(session, aggregate)
