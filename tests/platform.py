"""All three services, wired the embedded way or the production way, for scenario tests."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer, TopicPartition

from services.grants.bootstrap import build_grants
from services.intake.bootstrap import build_intake
from services.reporting.bootstrap import build_reporting
from shared.auth import Role, TokenIssuer
from shared.config import Settings
from shared.messaging.kafka import KafkaTransport
from shared.messaging.memory import InMemoryBus, InMemoryTransport
from shared.messaging.positions import MemoryRelayPositions, RelayPositions
from shared.messaging.records import OutboundMessage, Record
from shared.runtime import ServiceRuntime
from tests.infra import KAFKA_BOOTSTRAP, postgres_database

ISSUER = TokenIssuer(
    secret="test-secret-of-at-least-thirty-two-bytes", issuer="taawun", audience="taawun-api"
)
PARTITIONS = 3


def token(*roles: Role, provinces: tuple[str, ...] = ("*",), subject: str = "tester") -> str:
    return ISSUER.mint(subject, list(roles), list(provinces))


@dataclass
class Platform:
    kind: str
    intake: ServiceRuntime
    grants: ServiceRuntime
    reporting: ServiceRuntime
    bus: InMemoryBus | None = None
    namespace: str = ""
    # Further grants replicas beside `grants`: the same database and consumer group.
    grants_replicas: list[ServiceRuntime] = field(default_factory=list)
    _stack: AsyncExitStack = field(default_factory=AsyncExitStack)

    def client(self, runtime: ServiceRuntime, bearer: str | None = None) -> httpx.AsyncClient:
        headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
        transport = httpx.ASGITransport(app=runtime.http)
        return httpx.AsyncClient(transport=transport, base_url="http://test", headers=headers)

    async def inject(self, topic: str, key: bytes, value: bytes | None) -> None:
        """Put a raw message on a topic, as a misbehaving or repeating producer would."""
        await self.intake.transport.publish([OutboundMessage(topic, key, value, {})])

    async def read_topic(self, topic: str) -> list[Record]:
        if self.bus is not None:
            return [r for part in self.bus.logs.get(topic, []) for r in part]
        consumer = AIOKafkaConsumer(bootstrap_servers=KAFKA_BOOTSTRAP, enable_auto_commit=False)
        await consumer.start()
        try:
            parts = [TopicPartition(self.namespace + topic, p) for p in range(PARTITIONS)]
            consumer.assign(parts)
            await consumer.seek_to_beginning(*parts)
            ends = await consumer.end_offsets(parts)
            records: list[Record] = []
            while [tp for tp, end in ends.items() if await consumer.position(tp) < end]:
                batch = await consumer.getmany(timeout_ms=1000)
                for raw in (r for rs in batch.values() for r in rs):
                    records.append(
                        Record(
                            topic,
                            raw.partition,
                            raw.offset,
                            raw.key,
                            raw.value,
                            tuple(raw.headers or ()),
                        )
                    )
            return records
        finally:
            await consumer.stop()


async def eventually(
    check: Callable[[], Awaitable[bool]], timeout: float = 30.0, what: str = "condition"
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


@asynccontextmanager
async def embedded_platform(
    tmp_path: Path, intake_positions: RelayPositions | None = None, start_relay: bool = True
) -> AsyncIterator[Platform]:
    settings = Settings(data_dir=tmp_path, database_url=None, relay_poll_seconds=0.05)
    bus = InMemoryBus(partitions=PARTITIONS)
    platform = Platform(
        kind="embedded",
        intake=build_intake(
            settings, InMemoryTransport(bus), ISSUER, intake_positions or MemoryRelayPositions()
        ),
        grants=build_grants(settings, InMemoryTransport(bus), ISSUER, MemoryRelayPositions()),
        reporting=build_reporting(settings, InMemoryTransport(bus), ISSUER),
        bus=bus,
    )
    # Reporting asks intake for names over HTTP: here, intake's app in the same process.
    platform.reporting.http.state.intake_client = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=platform.intake.http), base_url="http://intake"
    )
    async with _running(platform, start_relay):
        yield platform


@asynccontextmanager
async def kafka_platform(
    intake_positions: RelayPositions | None = None,
    start_relay: bool = True,
    grants_replicas: int = 1,
) -> AsyncIterator[Platform]:
    namespace = f"t{uuid.uuid4().hex[:8]}."

    def transport(service: str) -> KafkaTransport:
        return KafkaTransport(
            bootstrap=KAFKA_BOOTSTRAP,
            client_id=f"test-{service}",
            partitions=PARTITIONS,
            namespace=namespace,
        )

    with (
        postgres_database("intake") as intake_db,
        postgres_database("grants") as grants_db,
        postgres_database("reporting") as reporting_db,
    ):

        def settings(url: str) -> Settings:
            return Settings(database_url=url, relay_poll_seconds=0.05)

        platform = Platform(
            kind="kafka",
            intake=build_intake(settings(intake_db), transport("intake"), ISSUER, intake_positions),
            grants=build_grants(settings(grants_db), transport("grants"), ISSUER),
            reporting=build_reporting(settings(reporting_db), transport("reporting"), ISSUER),
            namespace=namespace,
            grants_replicas=[
                build_grants(settings(grants_db), transport(f"grants-{n}"), ISSUER)
                for n in range(2, grants_replicas + 1)
            ],
        )
        try:
            async with _running(platform, start_relay):
                yield platform
        finally:
            _dispose(platform)
            await delete_topics(namespace)


async def delete_topics(namespace: str) -> None:
    """A test's topics gone with it: each partition keeps files open in the broker, and a
    whole suite's would pass the machine's limit of open files (the broker stops)."""
    from aiokafka.admin import AIOKafkaAdminClient

    admin = AIOKafkaAdminClient(bootstrap_servers=KAFKA_BOOTSTRAP)
    await admin.start()
    try:
        mine = [t for t in await admin.list_topics() if t.startswith(namespace)]
        if mine:
            await admin.delete_topics(mine)
    finally:
        await admin.close()


@asynccontextmanager
async def _running(platform: Platform, start_relay: bool) -> AsyncIterator[None]:
    runtimes = (platform.intake, platform.grants, *platform.grants_replicas, platform.reporting)
    for runtime in runtimes:
        await runtime.start(run_relay=start_relay or runtime is not platform.intake)
    try:
        yield
    finally:
        for runtime in reversed(runtimes):
            await runtime.stop()


def _dispose(platform: Platform) -> None:
    """Close connection pools before the test databases are dropped."""
    for runtime in (platform.intake, platform.grants, *platform.grants_replicas):
        app: Any = (
            runtime.http.state.intake.store
            if runtime is platform.intake
            else runtime.http.state.grants
        )
        app.close()
    platform.reporting.http.state.engine.dispose()
