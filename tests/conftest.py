from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from shared.tracing import configure_tracing
from tests.infra import require_infra
from tests.platform import Platform, embedded_platform, kafka_platform


@pytest.fixture(scope="session", autouse=True)
def tracing() -> None:
    configure_tracing("tests")


@pytest.fixture(params=["embedded", "kafka"])
async def platform(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Platform]:
    """The three services, embedded (SQLite, in-process bus) and on real Kafka + PostgreSQL."""
    if request.param == "embedded":
        async with embedded_platform(tmp_path) as p:
            yield p
    else:
        require_infra()
        async with kafka_platform() as p:
            yield p
