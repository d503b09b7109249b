"""What the flood surge drives, however the services run: HTTP clients for intake and grants,
and, for the untimed census and the check, intake's use cases and grants' event store on the
services' own databases."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx

from services.grants.persistence.event_store import GrantsEventStore
from services.intake.application import Intake
from shared.auth import Role
from tests.platform import kafka_platform, token

HTTP_TIMEOUT = httpx.Timeout(1800)
# httpx's ASGI transport tries `import sniffio` on every request (to detect trio); without
# it installed each try searches sys.path: ~5% of the in-process surge. None fails it at once.
sys.modules.setdefault("sniffio", None)  # type: ignore[arg-type]
# What the SMS gateway sends in X-Gateway-Secret: intake's default, set for its processes.
GATEWAY_SECRET = "taawun-local-sms-gateway-secret-change-me"


@dataclass(frozen=True)
class SurgeServices:
    mode: str  # said in the report
    intake: httpx.AsyncClient
    grants: httpx.AsyncClient
    grants_admin: httpx.AsyncClient  # grants, with an admin's bearer token
    intake_use_cases: Intake
    grants_store: GrantsEventStore
    intake_url: str | None = None  # where intake listens, when it runs in its own process

    async def aclose(self) -> None:
        for client in (self.intake, self.grants, self.grants_admin):
            await client.aclose()


@asynccontextmanager
async def in_one_process() -> AsyncIterator[SurgeServices]:
    """The three services in this process (tests/platform.py), HTTP through httpx's ASGI
    transport: one GIL for everything."""
    async with kafka_platform() as platform:
        intake, grants = (platform.client(r) for r in (platform.intake, platform.grants))
        admin = platform.client(platform.grants, token(Role.ADMIN, subject="admin"))
        for client in (intake, grants, admin):
            client.timeout = HTTP_TIMEOUT
        services = SurgeServices(
            mode="in one process (httpx ASGI transport, one GIL)",
            intake=intake,
            grants=grants,
            grants_admin=admin,
            intake_use_cases=platform.intake.http.state.intake,
            grants_store=platform.grants.http.state.grants,
        )
        try:
            yield services
        finally:
            await services.aclose()
