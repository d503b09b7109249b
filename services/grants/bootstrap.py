"""Wires grants: event store, inbox consumer of intake's events, relay, HTTP app."""

from __future__ import annotations

from services.grants.application import GrantsApplication
from services.grants.handlers import effects
from services.grants.http import router
from services.grants.publishing import to_integration_event
from shared.auth import TokenIssuer
from shared.config import Settings
from shared.contracts.grants import REVIEWS_TOPIC
from shared.contracts.intake import BENEFICIARIES_TOPIC
from shared.eventstore import engine_of, eventstore_env
from shared.http.app import create_app, service_ready
from shared.messaging.consumer import subscribe_consumer
from shared.messaging.inbox import Inbox
from shared.messaging.positions import RelayPositions
from shared.messaging.records import Transport
from shared.messaging.relay import relay_for
from shared.messaging.relay_watch import RelayWatch
from shared.runtime import ServiceRuntime

TOPICS = [REVIEWS_TOPIC, "grants.dlq", BENEFICIARIES_TOPIC]


def build_grants(
    settings: Settings,
    transport: Transport,
    token_issuer: TokenIssuer,
    positions: RelayPositions | None = None,
) -> ServiceRuntime:
    app = GrantsApplication(env=eventstore_env(settings.database_url_for("grants")))
    engine = engine_of(app)
    # The effects call app.save(), which joins this transaction: events and inbox row together.
    inbox = Inbox("grants", engine, lambda: app.recorder.transaction(commit=True))  # type: ignore[attr-defined]
    consumer = subscribe_consumer(
        transport, name="grants", topics=[BENEFICIARIES_TOPIC], effects=effects(app), inbox=inbox
    )
    relay = relay_for(app, to_integration_event, transport, settings, positions)
    http = create_app(
        title="Taawun grants",
        description="Programmes, eligibility reviews, decisions and disbursements.",
        token_issuer=token_issuer,
        routers=[router],
        ready=service_ready(engine, RelayWatch(relay)),
    )
    http.state.grants = app
    return ServiceRuntime(
        name="grants",
        http=http,
        transport=transport,
        topics=TOPICS,
        relay=relay,
        consumers=[consumer],
    )
