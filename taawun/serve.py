"""One service in production shape: Kafka transport, its own database, HTTP via uvicorn.

With `TAAWUN_HTTP_WORKERS` above 1, `serve` runs that many uvicorn worker processes on one
port, none of them relaying, and starts `taawun relay` beside them: one Python process is
CPU-bound well before PostgreSQL is, and one relay per service is enough. `serve` supervises
that relay process and starts it again when it dies (taawun/supervisor.py).
"""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import uvicorn
from fastapi import FastAPI

from shared.config import ServiceName, Settings
from shared.logs import configure_logging
from shared.tracing import configure_tracing
from taawun.supervisor import RelaySupervisor
from taawun.wiring import build_on_kafka

# The event loop thread and the group-commit writer share the GIL. Python's default 5 ms
# switch interval made the writer wait up to 5 ms after each database round trip while the
# loop parsed requests; 1 ms raised single enrolments from ~225 to ~300/s in one process.
SWITCH_INTERVAL_SECONDS = 0.001
_SERVICE_VARIABLE = "TAAWUN_SERVE_SERVICE"


def serve(service: ServiceName, settings: Settings) -> None:
    if settings.http_workers == 1:
        _run_uvicorn(http_app(service, settings, run_relay=settings.run_relay), settings)
        return
    relay = (
        RelaySupervisor(
            [sys.executable, "-m", "taawun.cli", "relay", service],
            first_delay=settings.relay_restart_seconds,
        )
        if settings.run_relay
        else None
    )
    if relay is not None:
        relay.start()
    os.environ[_SERVICE_VARIABLE] = service
    try:
        _run_uvicorn("taawun.serve:worker_app", settings, workers=settings.http_workers)
    finally:
        if relay is not None:
            relay.stop()


def worker_app() -> FastAPI:
    """The app in each uvicorn worker process (imported by name: the workers are spawned)."""
    service: ServiceName = os.environ[_SERVICE_VARIABLE]  # type: ignore[assignment]
    settings = Settings()
    configure_logging(settings.log_level, settings.log_json)
    configure_tracing(service, settings.otel_exporter)
    return http_app(service, settings, run_relay=False)


def http_app(service: ServiceName, settings: Settings, *, run_relay: bool) -> FastAPI:
    sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
    runtime = build_on_kafka(service, settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await runtime.start(run_relay=run_relay)
        _tune_garbage_collector()
        try:
            yield
        finally:
            await runtime.stop()

    runtime.http.router.lifespan_context = lifespan
    return runtime.http


def _tune_garbage_collector() -> None:
    """What start-up built lives as long as the process: freeze it out of the collector's
    scans, whose full passes over it paused every request in flight. Collect the young
    generation less often too: a request allocates thousands of short-lived objects."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def relay(service: ServiceName, settings: Settings) -> None:
    """The service's relay and consumers without HTTP, until SIGTERM or SIGINT."""
    runtime = build_on_kafka(service, settings)

    async def run() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await runtime.start(run_relay=True)
        try:
            await stop.wait()
        finally:
            await runtime.stop()

    asyncio.run(run())


def _run_uvicorn(app: FastAPI | str, settings: Settings, workers: int = 1) -> None:
    uvicorn.run(
        app,
        host=settings.http_host,
        port=settings.http_port,
        workers=workers,
        factory=isinstance(app, str),
        log_level="info",
        access_log=False,
    )
