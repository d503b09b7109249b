"""On PostgreSQL a relay hears its store's commits (LISTEN on the channel every save NOTIFYs),
whichever process stored the events: here another replica's use cases, which wake nothing,
while the relay would otherwise sleep for an hour between polls."""

from __future__ import annotations

import asyncio
from uuid import UUID

from services.intake.bootstrap import build_intake, build_intake_use_cases, event_store_of
from shared.config import Settings
from shared.contracts.intake import BENEFICIARIES_TOPIC
from shared.eventstore import eventstore_env
from shared.messaging.commit_wakes import ListenForCommits, commit_wakes_for
from shared.messaging.memory import InMemoryBus, InMemoryTransport
from tests.infra import postgres_database, require_infra
from tests.platform import ISSUER, eventually
from tests.unit.intake_memory import enrolled, in_memory_intake

HOUR = 3600.0


async def test_an_event_another_process_stores_is_published_without_waiting_for_the_poll() -> None:
    require_infra()
    with postgres_database("listen") as url:
        bus = InMemoryBus()
        runtime = build_intake(
            Settings(database_url=url, relay_poll_seconds=HOUR), InMemoryTransport(bus), ISSUER
        )
        elsewhere = build_intake_use_cases({**eventstore_env(url), "LOOKUP_SECRET": "x"})
        await runtime.start()
        try:

            def on_the_bus(beneficiary: UUID) -> bool:
                records = [r for p in bus.logs.get(BENEFICIARIES_TOPIC, []) for r in p]
                return any(r.key == str(beneficiary).encode() for r in records)

            for _ in range(2):  # the first may go with the relay's first look; not the second
                beneficiary = await asyncio.to_thread(enrolled, elsewhere)

                async def published(b: UUID = beneficiary) -> bool:
                    return on_the_bus(b)

                await eventually(published, timeout=60, what="the enrolment on the bus")
        finally:
            await runtime.stop()
            runtime.http.state.intake.store.close()
            event_store_of(elsewhere).close()


async def test_a_listener_hears_each_commit_and_looks_once_when_it_starts_listening() -> None:
    require_infra()
    with postgres_database("listen") as url:
        intake = build_intake_use_cases({**eventstore_env(url), "LOOKUP_SECRET": "x"})
        wakes = commit_wakes_for(event_store_of(intake), Settings(database_url=url))
        assert isinstance(wakes, ListenForCommits)
        heard = asyncio.Queue[None]()
        following = asyncio.create_task(wakes.follow(lambda: heard.put_nowait(None)))
        try:
            await asyncio.wait_for(heard.get(), timeout=30)  # listening: it looks once
            await asyncio.to_thread(enrolled, intake)
            await asyncio.wait_for(heard.get(), timeout=30)
        finally:
            following.cancel()
            await asyncio.gather(following, return_exceptions=True)
            event_store_of(intake).close()


def test_no_listener_off_postgresql_nor_when_turned_off() -> None:
    assert commit_wakes_for(event_store_of(in_memory_intake()), Settings()) is None
    with postgres_database("listen") as url:
        intake = build_intake_use_cases({**eventstore_env(url), "LOOKUP_SECRET": "x"})
        off = Settings(database_url=url, relay_listen=False)
        assert commit_wakes_for(event_store_of(intake), off) is None
        event_store_of(intake).close()
