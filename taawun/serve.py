"""One service in production shape: Kafka transport, its own database, HTTP via uvicorn."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import uvicorn
from fastapi import FastAPI

from shared.config import ServiceName, Settings
from taawun.wiring import build_on_kafka


def serve(service: ServiceName, settings: Settings) -> None:
    runtime = build_on_kafka(service, settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await runtime.start(run_relay=settings.run_relay)
        try:
            yield
        finally:
            await runtime.stop()

    runtime.http.router.lifespan_context = lifespan
    uvicorn.run(
        runtime.http,
        host=settings.http_host,
        port=settings.http_port,
        log_level="info",
        access_log=False,
    )
