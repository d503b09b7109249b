"""Wires reporting: read-model database, inbox consumer of intake's and grants' events, HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from services.reporting.http import router
from services.reporting.projection import EFFECTS
from services.reporting.read_model import metadata
from shared.auth import TokenIssuer
from shared.config import Settings
from shared.contracts import default_registry
from shared.contracts.grants import REVIEWS_TOPIC
from shared.contracts.intake import BENEFICIARIES_TOPIC
from shared.http.app import create_app
from shared.messaging.consumer import IdempotentConsumer
from shared.messaging.dead_letters import DeadLetters
from shared.messaging.inbox import Inbox
from shared.messaging.records import Transport
from shared.runtime import ServiceRuntime

DEAD_LETTER_TOPIC = "reporting.dlq"


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

    consumer = IdempotentConsumer(
        name="reporting",
        registry=default_registry(),
        effects=EFFECTS,
        inbox=Inbox("reporting", engine, transaction),
        dead_letters=DeadLetters(
            transport=transport, topic=DEAD_LETTER_TOPIC, consumer="reporting"
        ),
    )
    transport.subscribe(
        group="reporting",
        topics=[BENEFICIARIES_TOPIC, REVIEWS_TOPIC],
        handler=consumer.handle_batch,
    )

    async def ready() -> dict[str, str]:
        def ping() -> None:
            with engine.connect() as conn:
                conn.execute(text("select 1"))

        await asyncio.to_thread(ping)
        return {"database": "ok"}

    http = create_app(
        title="Taawun reporting",
        description="Read models rebuilt from the event streams, for the board and auditors.",
        token_issuer=token_issuer,
        routers=[router],
        ready=ready,
    )
    http.state.engine = engine
    return ServiceRuntime(
        name="reporting",
        http=http,
        transport=transport,
        topics=[DEAD_LETTER_TOPIC, BENEFICIARIES_TOPIC, REVIEWS_TOPIC],
        consumers=[consumer],
    )
