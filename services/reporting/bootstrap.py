"""Wires reporting: read-model database, inbox consumer of intake's and grants' events, HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from services.reporting.http import router
from services.reporting.projection import EFFECTS
from services.reporting.read_model import metadata
from shared.auth import TokenIssuer
from shared.config import Settings
from shared.contracts.grants import REVIEWS_TOPIC
from shared.contracts.intake import BENEFICIARIES_TOPIC
from shared.http.app import create_app, database_ready
from shared.messaging.consumer import subscribe_consumer
from shared.messaging.inbox import Inbox
from shared.messaging.records import Transport
from shared.runtime import ServiceRuntime


def _engine(url: str) -> Engine:
    engine = create_engine(url, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _wal(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            dbapi_connection.execute("PRAGMA journal_mode=WAL")
            dbapi_connection.execute("PRAGMA busy_timeout=5000")

    return engine


def build_reporting(
    settings: Settings, transport: Transport, token_issuer: TokenIssuer
) -> ServiceRuntime:
    engine = _engine(settings.database_url_for("reporting"))
    metadata.create_all(engine, checkfirst=True)
    sessions = sessionmaker(engine)

    @contextmanager
    def transaction() -> Iterator[Session]:
        with sessions.begin() as session:
            yield session

    consumer = subscribe_consumer(
        transport,
        name="reporting",
        topics=[BENEFICIARIES_TOPIC, REVIEWS_TOPIC],
        effects=EFFECTS,
        inbox=Inbox("reporting", engine, transaction),
    )

    http = create_app(
        title="Taawun reporting",
        description="Read models rebuilt from the event streams, for the board and auditors.",
        token_issuer=token_issuer,
        routers=[router],
        ready=database_ready(engine),
    )
    http.state.engine = engine
    return ServiceRuntime(
        name="reporting",
        http=http,
        transport=transport,
        topics=["reporting.dlq", BENEFICIARIES_TOPIC, REVIEWS_TOPIC],
        consumers=[consumer],
    )
