"""Processes of one service starting together on a new database (the HTTP workers and the
relay of `taawun serve`, or replicas) must not trip over each other creating the tables; the
thread holding the schema lock takes it again without waiting for itself."""

from __future__ import annotations

import threading
import time

import pytest

from shared.config import ServiceName, Settings
from shared.schema import schema_lock
from taawun.wiring import build_on_kafka
from tests.infra import KAFKA_BOOTSTRAP, postgres_database, require_infra


@pytest.mark.parametrize("service", ["intake", "grants", "reporting"])
def test_services_built_at_the_same_moment_on_a_new_database_all_start(
    service: ServiceName,
) -> None:
    require_infra()
    with postgres_database(f"schema_{service}") as url:
        settings = Settings(database_url=url, kafka_bootstrap=KAFKA_BOOTSTRAP, jwt_secret="s" * 40)  # type: ignore[arg-type]
        barrier = threading.Barrier(3)
        errors: list[BaseException] = []

        def build() -> None:
            barrier.wait()
            try:
                build_on_kafka(service, settings)
            except BaseException as e:
                errors.append(e)

        threads = [threading.Thread(target=build) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []


def test_the_thread_holding_the_lock_takes_it_again_and_others_wait() -> None:
    """taawun serve builds reporting inside the lock, and reporting's bootstrap takes it too."""
    require_infra()
    with postgres_database("lock") as url:
        order: list[str] = []

        def other() -> None:
            with schema_lock(url):
                order.append("other acquired")

        def nested() -> None:
            with schema_lock(url), schema_lock(url):
                waiting = threading.Thread(target=other, daemon=True)
                waiting.start()
                time.sleep(0.2)  # time for the other thread to ask
                order.append("released")
            waiting.join(timeout=30)

        builder = threading.Thread(target=nested, daemon=True)
        builder.start()
        builder.join(timeout=60)  # a lock waiting for itself would never end
        assert order == ["released", "other acquired"]
