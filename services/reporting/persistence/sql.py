"""The read model in SQL (SQLite embedded, PostgreSQL in production), behind reporting's ports.

The inbox opens a `SessionUnitOfWork` transaction around each effect; `SqlReadModel` writes
through the session of the transaction that is open (kept in a context variable, as
eventsourcing-sqlalchemy does for its event store), so the change and the inbox row commit
together.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any
from uuid import UUID

from sqlalchemy import create_engine, event, func, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from services.reporting.domain.counts import BeneficiaryGroup
from services.reporting.domain.decisions import DecisionGroup, DecisionProgress, DecisionStatus
from services.reporting.persistence.tables import (
    beneficiaries,
    categories_column,
    categories_of_column,
    decisions,
    metadata,
)
from shared.upsert import insert_unless_present


def read_model_engine(url: str) -> Engine:
    """The engine of reporting's database, its tables created if they are missing."""
    engine = create_engine(url, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _wal(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            dbapi_connection.execute("PRAGMA journal_mode=WAL")
            dbapi_connection.execute("PRAGMA busy_timeout=5000")

    metadata.create_all(engine, checkfirst=True)
    return engine


class SessionUnitOfWork:
    def __init__(self, engine: Engine) -> None:
        self._sessions = sessionmaker(engine)
        self._current: ContextVar[Session | None] = ContextVar("reporting_session", default=None)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with self._sessions.begin() as session:
            token = self._current.set(session)
            try:
                yield session
            finally:
                self._current.reset(token)

    def session(self) -> Session:
        session = self._current.get()
        if session is None:
            raise RuntimeError("the read model changes only inside a unit of work")
        return session


class SqlReadModel:
    def __init__(self, unit_of_work: SessionUnitOfWork) -> None:
        self._unit_of_work = unit_of_work

    def add_beneficiary(
        self, beneficiary_id: UUID, province_code: str, status: str, categories: frozenset[str]
    ) -> None:
        row = {
            "beneficiary_id": beneficiary_id,
            "province_code": province_code,
            "status": status,
            "categories": categories_column(categories),
            "merged": False,
        }
        insert_unless_present(self._unit_of_work.session(), beneficiaries, row)

    def move(self, beneficiary_id: UUID, province_code: str) -> None:
        self._change(beneficiary_id, province_code=province_code)

    def set_status(self, beneficiary_id: UUID, status: str) -> None:
        self._change(beneficiary_id, status=status)

    def categories_of(self, beneficiary_id: UUID) -> frozenset[str]:
        query = select(beneficiaries.c.categories).where(
            beneficiaries.c.beneficiary_id == beneficiary_id
        )
        return categories_of_column(self._unit_of_work.session().execute(query).scalar())

    def set_categories(self, beneficiary_id: UUID, categories: frozenset[str]) -> None:
        self._change(beneficiary_id, categories=categories_column(categories))

    def mark_merged(self, beneficiary_id: UUID) -> None:
        self._change(beneficiary_id, merged=True)

    def add_decision(
        self,
        decision_id: UUID,
        programme_id: UUID,
        province_code: str,
        progress: DecisionProgress,
    ) -> None:
        row = {
            "decision_id": decision_id,
            "programme_id": programme_id,
            "province_code": province_code,
            **_progress_columns(progress),
        }
        insert_unless_present(self._unit_of_work.session(), decisions, row)

    def decision_progress(self, decision_id: UUID) -> DecisionProgress | None:
        d = decisions.c
        query = (
            select(d.status, d.approvals, d.approvals_needed)
            .where(d.decision_id == decision_id)
            .with_for_update()  # PostgreSQL locks the row; SQLite has one writer anyway
        )
        found = self._unit_of_work.session().execute(query).one_or_none()
        if found is None:
            return None
        return DecisionProgress(
            DecisionStatus(found.status), found.approvals, found.approvals_needed
        )

    def set_decision_progress(self, decision_id: UUID, progress: DecisionProgress) -> None:
        self._unit_of_work.session().execute(
            update(decisions)
            .where(decisions.c.decision_id == decision_id)
            .values(**_progress_columns(progress))
        )

    def _change(self, beneficiary_id: UUID, **values: Any) -> None:
        self._unit_of_work.session().execute(
            update(beneficiaries)
            .where(beneficiaries.c.beneficiary_id == beneficiary_id)
            .values(**values)
        )


class SqlTallies:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def beneficiary_groups(self) -> list[BeneficiaryGroup]:
        b = beneficiaries.c
        query = (
            select(b.province_code, b.status, b.categories, func.count())
            .where(b.merged.is_(False))
            .group_by(b.province_code, b.status, b.categories)
        )
        with self._engine.connect() as conn:
            return [
                BeneficiaryGroup(province, status, categories_of_column(categories), n)
                for province, status, categories, n in conn.execute(query)
            ]

    def decision_groups(self) -> list[DecisionGroup]:
        d = decisions.c
        query = select(d.province_code, d.programme_id, d.status, func.count()).group_by(
            d.province_code, d.programme_id, d.status
        )
        with self._engine.connect() as conn:
            return [DecisionGroup(*row) for row in conn.execute(query)]


def _progress_columns(progress: DecisionProgress) -> dict[str, object]:
    return {
        "status": str(progress.status),
        "approvals": progress.approvals,
        "approvals_needed": progress.approvals_needed,
    }
