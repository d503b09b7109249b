"""`ProgrammeCatalogue` and `Proposals` over grants' event store, with the index of proposals
by subject: a table in grants' database written in the open transaction (SQLite, PostgreSQL),
or a dictionary next to the POPO store in unit tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import suppress
from datetime import UTC, datetime
from typing import Protocol
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError
from sqlalchemy import Column, DateTime, Index, MetaData, String, Table, Uuid, func, select

from services.grants.application.ports import Page, RecordChangedMeanwhile
from services.grants.domain.decision import Decision
from services.grants.domain.decision_rules import DecisionStatus
from services.grants.domain.programme import Programme
from services.grants.domain.reference_programmes import REFERENCE_PROGRAMMES, shipped_programmes
from services.grants.persistence.event_store import GrantsEventStore
from services.grants.persistence.record_index_rows import decision_index
from shared.eventsourcing_internals import engine_of, transaction_of
from shared.eventsourcing_internals.loading import load_many
from shared.upsert import insert_rows_unless_present

metadata = MetaData()

proposal_index = Table(
    "grants_proposal_index",
    metadata,
    Column("decision_id", Uuid, primary_key=True),
    Column("subject_id", Uuid, nullable=False),
    Column("programme_id", Uuid, nullable=False),
    Column("cycle", String(100), nullable=False),
    Column("component", String(64), nullable=False),
    Column("province_code", String(8), nullable=False),
    Column("proposed_at", DateTime(timezone=True), nullable=False),
    Index("grants_proposals_by_subject", "subject_id", "proposed_at"),
    Index("grants_proposals_by_province", "province_code", "proposed_at"),
)


class SubjectIndex(Protocol):
    def add(self, *decisions: Decision) -> None: ...

    def of_subject(self, subject_id: UUID) -> list[UUID]: ...

    def page(
        self,
        *,
        provinces: frozenset[str] | None,
        programme_id: UUID | None,
        status: DecisionStatus | None,
        limit: int,
        offset: int,
        status_of: Callable[[UUID], DecisionStatus | None],
    ) -> Page:
        """`status_of` serves an index that does not know decisions' statuses (in memory)."""
        ...


class SqlSubjectIndex:
    def __init__(self, store: GrantsEventStore) -> None:
        self._store = store
        metadata.create_all(engine_of(store), checkfirst=True)

    def add(self, *decisions: Decision) -> None:
        now = datetime.now(UTC)
        rows = [
            {
                "decision_id": d.id,
                "subject_id": d.subject_id,
                "programme_id": d.programme_id,
                "cycle": d.cycle,
                "component": d.component,
                "province_code": d.province_code,
                "proposed_at": now,
            }
            for d in decisions
        ]
        with transaction_of(self._store) as session:
            insert_rows_unless_present(session, proposal_index, rows)

    def of_subject(self, subject_id: UUID) -> list[UUID]:
        t = proposal_index.c
        query = (
            select(t.decision_id)
            .where(t.subject_id == subject_id)
            .order_by(t.proposed_at, t.decision_id)
        )
        with transaction_of(self._store) as session:
            return list(session.execute(query).scalars())

    def page(
        self,
        *,
        provinces: frozenset[str] | None,
        programme_id: UUID | None,
        status: DecisionStatus | None,
        limit: int,
        offset: int,
        status_of: Callable[[UUID], DecisionStatus | None],
    ) -> Page:
        t = proposal_index.c
        query = select(t.decision_id)
        if provinces is not None:
            query = query.where(t.province_code.in_(sorted(provinces)))
        if programme_id is not None:
            query = query.where(t.programme_id == programme_id)
        if status is not None:  # the decision's status now, from the index kept with its events
            query = query.join(decision_index, decision_index.c.id == t.decision_id)
            query = query.where(decision_index.c.status == str(status))
        counted = select(func.count()).select_from(query.subquery())
        query = query.order_by(t.proposed_at, t.decision_id).limit(limit).offset(offset)
        with transaction_of(self._store) as session:
            ids = list(session.execute(query).scalars())
            return ids, int(session.execute(counted).scalar_one())


class EventSourcedProposals:
    def __init__(self, store: GrantsEventStore, index: SubjectIndex) -> None:
        self._store = store
        self._index = index

    def get(self, decision_id: UUID) -> Decision | None:
        try:
            found: object = self._store.repository.get(decision_id)
        except AggregateNotFoundError:
            return None
        return found if isinstance(found, Decision) else None

    def get_many(self, decision_ids: Sequence[UUID]) -> dict[UUID, Decision]:
        found = load_many(self._store, decision_ids)
        return {i: d for i, d in found.items() if isinstance(d, Decision)}

    def add(self, *decisions: Decision) -> None:
        # Inside an open `UnitOfWork` (the inbox's), events and index rows commit together.
        try:
            self._store.save(*decisions)
        except IntegrityError as e:
            raise RecordChangedMeanwhile(str(e)) from e
        self._index.add(*decisions)

    def save(self, *decisions: Decision) -> None:
        self._store.save(*decisions)

    def of_subject(self, subject_id: UUID) -> list[UUID]:
        return self._index.of_subject(subject_id)

    def page(
        self,
        *,
        provinces: frozenset[str] | None,
        programme_id: UUID | None,
        status: DecisionStatus | None,
        limit: int,
        offset: int,
    ) -> Page:
        return self._index.page(
            provinces=provinces,
            programme_id=programme_id,
            status=status,
            limit=limit,
            offset=offset,
            status_of=self._status_of,
        )

    def _status_of(self, decision_id: UUID) -> DecisionStatus | None:
        found = self.get(decision_id)
        return None if found is None else found.status


class EventSourcedProgrammes:
    """The reference programmes that are stored (their ids come from their codes)."""

    def __init__(self, store: GrantsEventStore) -> None:
        self._store = store

    def programmes(self) -> list[Programme]:
        # One query for every reference programme (asked for on each message from intake)
        # instead of one each.
        ids = [Programme.create_id(terms.code) for terms in REFERENCE_PROGRAMMES]
        found = load_many(self._store, ids)
        return [p for i in ids if isinstance(p := found.get(i), Programme)]


def ship_reference_programmes(store: GrantsEventStore, *, actor: str) -> None:
    """Store the reference programmes not stored yet (a disaster's cycle opened with them)."""
    for programme in shipped_programmes(actor):
        try:
            store.repository.get(programme.id)
        except AggregateNotFoundError:
            with suppress(IntegrityError):  # another replica shipped it meanwhile
                store.save(programme)
