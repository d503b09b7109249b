"""Wires intake: event store, relay, HTTP app."""

from __future__ import annotations

import asyncio

from sqlalchemy import text

from services.intake.application import IntakeApplication
from services.intake.http import router
from services.intake.publishing import to_integration_event
from shared.auth import TokenIssuer
from shared.config import Settings
from shared.contracts import default_registry
from shared.contracts.intake import BENEFICIARIES_TOPIC
from shared.eventstore import engine_of, eventstore_env
from shared.http.app import create_app
from shared.messaging.positions import RelayPositions, SqlRelayPositions
from shared.messaging.records import Transport
from shared.messaging.relay import Relay
from shared.runtime import ServiceRuntime

TOPICS = [BENEFICIARIES_TOPIC, "intake.dlq"]


def build_intake(
    settings: Settings,
    transport: Transport,
    token_issuer: TokenIssuer,
    positions: RelayPositions | None = None,
) -> ServiceRuntime:
    key = settings.intake_cipher_key.get_secret_value() if settings.intake_cipher_key else None
    app = IntakeApplication(env=eventstore_env(settings.database_url_for("intake"), key))
    engine = engine_of(app)
    relay = Relay(
        app=app,
        translate=to_integration_event,
        registry=default_registry(),
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
        title="Taawun intake",
        description="Caseworkers enrol beneficiaries; every enrolment is an event.",
        token_issuer=token_issuer,
        routers=[router],
        ready=ready,
    )
    http.state.intake = app
    http.state.relay = relay
    return ServiceRuntime(name="intake", http=http, transport=transport, topics=TOPICS, relay=relay)
