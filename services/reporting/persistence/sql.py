"""Reporting's database (SQLite embedded, PostgreSQL in production): its engine, its
transactions, and the counts read from the projections' live rows."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from uuid import UUID

from sqlalchemy import create_engine, event, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from services.reporting.application.projections import beneficiaries, decisions
from services.reporting.domain.counts import BeneficiaryGroup
from services.reporting.domain.decisions import DecisionGroup
from services.reporting.persistence.projection_store import SqlProjectionStore


def read_model_engine(url: str) -> Engine:
    """The engine of reporting's database."""
    engine = create_engine(url, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _wal(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            dbapi_connection.execute("PRAGMA journal_mode=WAL")
            dbapi_connection.execute("PRAGMA busy_timeout=5000")

    return engine


class SessionUnitOfWork:
    def __init__(self, engine: Engine) -> None:
        self._sessions = sessionmaker(engine)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with self._sessions.begin() as session:
            yield session


class SqlTallies:
    """The counts report's groups, from the live generations of the beneficiaries' and the
    decisions' projections."""

    def __init__(self, engine: Engine, store: SqlProjectionStore) -> None:
        self._engine = engine
        self._store = store

    def beneficiary_groups(self) -> list[BeneficiaryGroup]:
        with Session(self._engine) as session:
            live = self._store.live(session)
            if "beneficiaries" not in live:
                return []
            t = self._store.table(live["beneficiaries"], beneficiaries.BENEFICIARY).c
            query = (
                select(t.province_code, t.status, t.categories, func.count())
                .where(t.valid_to.is_(None), t.counted.is_(True))
                .group_by(t.province_code, t.status, t.categories)
            )
            return [
                BeneficiaryGroup(province, status, frozenset(beneficiaries.categories_in(cats)), n)
                for province, status, cats, n in session.execute(query)
            ]

    def decision_groups(self) -> list[DecisionGroup]:
        with Session(self._engine) as session:
            live = self._store.live(session)
            if "decisions" not in live:
                return []
            t = self._store.table(live["decisions"], decisions.DECISION).c
            query = (
                select(t.province_code, t.programme_id, t.status, func.count())
                .where(t.valid_to.is_(None))
                .group_by(t.province_code, t.programme_id, t.status)
            )
            return [
                DecisionGroup(province, UUID(programme), status, n)
                for province, programme, status, n in session.execute(query)
            ]
