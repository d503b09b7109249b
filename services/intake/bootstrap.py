"""Wires intake: event store, relay, HTTP app."""

from __future__ import annotations

from services.intake.application import IntakeApplication
from services.intake.http import ROUTERS
from services.intake.publishing import to_integration_event
from shared.auth import TokenIssuer
from shared.config import Settings
from shared.contracts.intake import BENEFICIARIES_TOPIC
from shared.eventstore import engine_of, eventstore_env
from shared.http.app import create_app, database_ready
from shared.messaging.positions import RelayPositions
from shared.messaging.records import Transport
from shared.messaging.relay import relay_for
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
    relay = relay_for(app, to_integration_event, transport, settings, positions)
    http = create_app(
        title="Taawun intake",
        description="Caseworkers enrol beneficiaries; every enrolment is an event.",
        token_issuer=token_issuer,
        routers=ROUTERS,
        ready=database_ready(engine_of(app)),
    )
    http.state.intake = app
    http.state.relay = relay
    return ServiceRuntime(name="intake", http=http, transport=transport, topics=TOPICS, relay=relay)
