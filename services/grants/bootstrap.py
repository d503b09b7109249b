"""Wires grants: event store, inbox consumer of intake's events, relay, HTTP app."""

from __future__ import annotations

import asyncio

from sqlalchemy import text

from services.grants.application import GrantsApplication
from services.grants.handlers import effects
from services.grants.http import router
from services.grants.publishing import to_integration_event
from shared.auth import TokenIssuer
from shared.config import Settings
from shared.contracts import default_registry
from shared.contracts.grants import REVIEWS_TOPIC
from shared.contracts.intake import BENEFICIARIES_TOPIC
from shared.eventstore import engine_of, eventstore_env
from shared.http.app import create_app
from shared.messaging.consumer import IdempotentConsumer
from shared.messaging.dead_letters import DeadLetters
from shared.messaging.inbox import Inbox
from shared.messaging.positions import RelayPositions, SqlRelayPositions
from shared.messaging.records import Transport
from shared.messaging.relay import Relay
from shared.runtime import ServiceRuntime

DEAD_LETTER_TOPIC = "grants.dlq"
TOPICS = [REVIEWS_TOPIC, DEAD_LETTER_TOPIC]


def build_grants(
    settings: Settings,
    transport: Transport,
    token_issuer: TokenIssuer,
    positions: RelayPositions | None = None,
) -> ServiceRuntime:
    app = GrantsApplication(env=eventstore_env(settings.database_url_for("grants")))
    engine = engine_of(app)
    registry = default_registry()
    consumer = IdempotentConsumer(
        name="grants",
        registry=registry,
        effects=effects(app),
        inbox=Inbox("grants", engine, lambda: app.recorder.transaction(commit=True)),  # type: ignore[attr-defined]
        dead_letters=DeadLetters(transport=transport, topic=DEAD_LETTER_TOPIC, consumer="grants"),
    )
    transport.subscribe(group="grants", topics=[BENEFICIARIES_TOPIC], handler=consumer.handle_batch)
    relay = Relay(
        app=app,
        translate=to_integration_event,
        registry=registry,
        transport=transport,
        positions=positions or SqlRelayPositions(engine),
        batch_size=settings.relay_batch_size,
        poll_seconds=settings.relay_poll_seconds,
    )

    async def ready() -> dict[str, str]:
        def ping() -> None:
            with engine.connect() as conn:
                conn.execute(text("select 1"))

        await asyncio.to_thread(ping)
        return {"database": "ok"}

    http = create_app(
        title="Taawun grants",
        description="Programmes, eligibility reviews, decisions and disbursements.",
        token_issuer=token_issuer,
        routers=[router],
        ready=ready,
    )
    http.state.grants = app
    return ServiceRuntime(
        name="grants",
        http=http,
        transport=transport,
        topics=[*TOPICS, BENEFICIARIES_TOPIC],
        relay=relay,
        consumers=[consumer],
    )
