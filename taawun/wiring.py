"""Builds the services for either transport: Kafka (one service per process) or in-process."""

from __future__ import annotations

from services.grants.bootstrap import build_grants
from services.intake.bootstrap import build_intake
from services.reporting.bootstrap import build_reporting
from shared.auth import TokenIssuer
from shared.config import ServiceName, Settings
from shared.messaging.kafka import KafkaTransport
from shared.messaging.memory import InMemoryBus, InMemoryTransport
from shared.messaging.positions import MemoryRelayPositions
from shared.runtime import ServiceRuntime
from shared.schema import schema_lock


def token_issuer(settings: Settings) -> TokenIssuer:
    return TokenIssuer(
        secret=settings.jwt_secret.get_secret_value(),
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        ttl_seconds=settings.jwt_ttl_seconds,
    )


def build_on_kafka(service: ServiceName, settings: Settings) -> ServiceRuntime:
    transport = KafkaTransport(
        bootstrap=settings.kafka_bootstrap,
        client_id=f"taawun-{service}",
        partitions=settings.kafka_partitions,
        namespace=settings.kafka_namespace,
        fetch_max_wait_ms=settings.kafka_fetch_max_wait_ms,
        batch_wait_ms=settings.kafka_batch_wait_ms,
    )
    issuer = token_issuer(settings)
    # Several processes of one service may start together on a new database.
    with schema_lock(settings.database_url_for(service)):
        if service == "intake":
            return build_intake(settings, transport, issuer)
        if service == "grants":
            return build_grants(settings, transport, issuer)
        return build_reporting(settings, transport, issuer)


def build_embedded(settings: Settings, bus: InMemoryBus) -> list[ServiceRuntime]:
    """All three services over one in-process bus. Relay positions live in memory, like the
    bus: each start re-publishes the logs and the inboxes drop what was already applied."""
    issuer = token_issuer(settings)
    return [
        build_intake(settings, InMemoryTransport(bus), issuer, MemoryRelayPositions()),
        build_grants(settings, InMemoryTransport(bus), issuer, MemoryRelayPositions()),
        build_reporting(settings, InMemoryTransport(bus), issuer),
    ]
