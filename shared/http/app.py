"""A service's FastAPI app: OpenAPI docs, JSON errors, bearer auth, health routes."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from opentelemetry import propagate, trace
from opentelemetry.trace import SpanKind
from sqlalchemy import text
from sqlalchemy.engine import Engine

from shared.auth import TokenIssuer
from shared.http.errors import install_error_handlers

ReadyCheck = Callable[[], Awaitable[dict[str, str]]]
_tracer = trace.get_tracer(__name__)


def database_ready(engine: Engine) -> ReadyCheck:
    """Ready when the service's own database answers."""

    def ping() -> None:
        with engine.connect() as conn:
            conn.execute(text("select 1"))

    async def ready() -> dict[str, str]:
        await asyncio.to_thread(ping)
        return {"database": "ok"}

    return ready


def create_app(
    *,
    title: str,
    description: str,
    token_issuer: TokenIssuer,
    routers: Sequence[APIRouter],
    ready: ReadyCheck,
) -> FastAPI:
    app = FastAPI(title=title, description=description, version="0.1.0")
    app.state.token_issuer = token_issuer
    install_error_handlers(app)

    @app.middleware("http")
    async def trace_request(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        # The span's context is what the relay later writes as the `traceparent` header.
        incoming = propagate.extract(dict(request.headers))
        name = f"{request.method} {request.url.path}"
        with _tracer.start_as_current_span(name, context=incoming, kind=SpanKind.SERVER) as span:
            response = await call_next(request)
            span.set_attribute("http.response.status_code", response.status_code)
            return response

    @app.get("/health/live", tags=["health"])
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/health/ready", tags=["health"])
    async def readiness() -> JSONResponse:
        try:
            checks = await ready()
        except Exception as e:
            return JSONResponse({"status": "unavailable", "detail": repr(e)}, status_code=503)
        return JSONResponse({"status": "ok", **checks})

    for router in routers:
        app.include_router(router)
    return app
