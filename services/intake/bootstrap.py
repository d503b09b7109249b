"""Wires intake: event store, relay, HTTP app."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import JSONResponse

from services.intake.application import AlreadyEnrolled, IntakeApplication, PersonalDataErased
from services.intake.application.group_commit import EnrolmentGroupCommit
from services.intake.interfaces.http import ROUTERS
from services.intake.interfaces.publishing import to_integration_event
from shared.auth import TokenIssuer
from shared.config import Settings
from shared.contracts.intake import BENEFICIARIES_TOPIC
from shared.contracts.intake_households import HOUSEHOLDS_TOPIC
from shared.contracts.intake_organisations import ASSOCIATIONS_TOPIC, INSTITUTIONS_TOPIC
from shared.eventstore import engine_of, eventstore_env
from shared.http.app import create_app, service_ready
from shared.messaging.positions import RelayPositions
from shared.messaging.records import Transport
from shared.messaging.relay import relay_for
from shared.messaging.relay_watch import RelayWatch
from shared.runtime import ServiceRuntime

TOPICS = [
    BENEFICIARIES_TOPIC,
    HOUSEHOLDS_TOPIC,
    INSTITUTIONS_TOPIC,
    ASSOCIATIONS_TOPIC,
    "intake.dlq",
]


def build_intake(
    settings: Settings,
    transport: Transport,
    token_issuer: TokenIssuer,
    positions: RelayPositions | None = None,
) -> ServiceRuntime:
    key = settings.intake_cipher_key.get_secret_value() if settings.intake_cipher_key else None
    env = eventstore_env(settings.database_url_for("intake"), key)
    env["LOOKUP_SECRET"] = settings.intake_lookup_secret.get_secret_value()
    app = IntakeApplication(env=env)
    relay = relay_for(app, to_integration_event, transport, settings, positions)
    http = create_app(
        title="Taawun intake",
        description="Caseworkers enrol beneficiaries; every enrolment is an event.",
        token_issuer=token_issuer,
        routers=ROUTERS,
        ready=service_ready(engine_of(app), RelayWatch(relay)),
    )
    http.add_exception_handler(AlreadyEnrolled, _already_enrolled)
    http.add_exception_handler(PersonalDataErased, _erased)
    http.state.intake = app
    http.state.enrolments = EnrolmentGroupCommit(app)
    http.state.relay = relay
    return ServiceRuntime(name="intake", http=http, transport=transport, topics=TOPICS, relay=relay)


async def _already_enrolled(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AlreadyEnrolled)
    return JSONResponse(
        {
            "error": "conflict",
            "detail": "this person is already enrolled",
            "existing_id": str(exc.existing_id),
        },
        status_code=409,
    )


async def _erased(_: Request, exc: Exception) -> JSONResponse:
    return JSONResponse(
        {"error": "conflict", "detail": "this person's personal data was erased"}, status_code=409
    )
