"""A service's FastAPI app: OpenAPI docs, JSON errors, bearer auth, health routes."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence

from fastapi import APIRouter, FastAPI
from fastapi.responses import JSONResponse
from opentelemetry import propagate, trace
from opentelemetry.trace import SpanKind
from sqlalchemy import text
from sqlalchemy.engine import Engine
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.auth import TokenIssuer
from shared.http.errors import install_error_handlers
from shared.http.openapi import with_documented_errors
from shared.messaging.relay_watch import RelayWatch

ReadyCheck = Callable[[], Awaitable[dict[str, str]]]
UNREADY = {
    "description": "a dependency does not answer",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["status", "detail"],
                "properties": {"status": {"type": "string"}, "detail": {"type": "string"}},
            }
        }
    },
}
_tracer = trace.get_tracer(__name__)


class TraceRequests:
    """A span per HTTP request, continuing the caller's W3C trace context; its context is what
    the relay later writes as the Kafka `traceparent` header. Plain ASGI: Starlette's
    BaseHTTPMiddleware cost more than the request itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        carrier = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        name = f"{scope['method']} {scope['path']}"
        with _tracer.start_as_current_span(
            name, context=propagate.extract(carrier), kind=SpanKind.SERVER
        ) as span:

            async def send_with_status(message: Message) -> None:
                if message["type"] == "http.response.start":
                    span.set_attribute("http.response.status_code", message["status"])
                await send(message)

            await self.app(scope, receive, send_with_status)


class NotReady(Exception):
    """A check found the service unable to do its job; `checks` says what each part said."""

    def __init__(self, reason: str, checks: dict[str, str]) -> None:
        super().__init__(reason)
        self.reason = reason
        self.checks = checks


def database_ready(engine: Engine) -> ReadyCheck:
    """Ready when the service's own database answers."""

    def ping() -> None:
        with engine.connect() as conn:
            conn.execute(text("select 1"))

    async def ready() -> dict[str, str]:
        await asyncio.to_thread(ping)
        return {"database": "ok"}

    return ready


def service_ready(engine: Engine, relay: RelayWatch) -> ReadyCheck:
    """Ready when the database answers and the service's relay publishes, whichever process
    it runs in: accepting commands whose events never reach Kafka is not being ready."""
    database = database_ready(engine)

    async def ready() -> dict[str, str]:
        checks = await database()
        health = await asyncio.to_thread(relay.health)
        checks |= {"relay": health.problem or "ok", "relay_lag": str(health.lag)}
        if health.problem is not None:
            raise NotReady(f"relay: {health.problem}", checks)
        return checks

    return ready


def create_app(
    *,
    title: str,
    description: str,
    token_issuer: TokenIssuer,
    routers: Sequence[APIRouter],
    ready: ReadyCheck,
) -> FastAPI:
    # FastAPI's own telemetry would add a second span per request, and spans per dependency:
    # TraceRequests below is the one request span.
    app = FastAPI(
        title=title,
        description=description,
        version="0.1.0",
        telemetry={"tracing": False, "metrics": False, "logs": False, "operation_spans": False},
    )
    app.state.token_issuer = token_issuer
    install_error_handlers(app)

    app.add_middleware(TraceRequests)

    @app.get("/health/live", tags=["health"])
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/health/ready", tags=["health"], responses={503: UNREADY})
    async def readiness() -> JSONResponse:
        try:
            checks = await ready()
        except NotReady as e:
            body = {"status": "unavailable", "detail": e.reason, **e.checks}
            return JSONResponse(body, status_code=503)
        except Exception as e:
            return JSONResponse({"status": "unavailable", "detail": repr(e)}, status_code=503)
        return JSONResponse({"status": "ok", **checks})

    for router in routers:
        app.include_router(router)
    app.openapi = with_documented_errors(app)  # type: ignore[method-assign]
    return app
