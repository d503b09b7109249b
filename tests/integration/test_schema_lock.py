"""Processes of one service starting together on a new database (the HTTP workers and the
relay of `taawun serve`, or replicas) must not trip over each other creating the tables."""

from __future__ import annotations

import threading

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


def test_the_thread_holding_the_lock_may_take_it_again_and_others_still_wait() -> None:
    """`build_on_kafka` holds it while reporting's bootstrap takes it too: that must not wait
    for itself, and must not let another process in before the outer holder is done."""
    require_infra()
    with postgres_database("schema_nested") as url:
        entered = threading.Event()

        def other() -> None:
            with schema_lock(url):
                entered.set()

        with schema_lock(url):
            with schema_lock(url):
                pass
            thread = threading.Thread(target=other)
            thread.start()
            assert not entered.wait(0.5)  # the outer one still holds it
        thread.join(timeout=10)
        assert entered.is_set()
