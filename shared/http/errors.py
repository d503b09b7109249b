"""Every error answers JSON: {"error": ..., "detail": ...}; 422 names the fields.

The shapes are in shared/http/openapi.py, which documents them on every operation."""

from __future__ import annotations

import traceback
from http import HTTPStatus
from typing import Any

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.auth import NotAllowed, NotAuthenticated
from shared.logs import get_logger
from shared.rules import BusinessRuleBroken

log = get_logger(__name__)


def invalid_request(problems: list[dict[str, str]], detail: str | None = None) -> JSONResponse:
    if detail is None:
        detail = "invalid fields: " + ", ".join(p["field"] for p in problems)
    return JSONResponse(
        {"error": "invalid_request", "detail": detail, "fields": problems}, status_code=422
    )


async def _not_authenticated(_: Request, exc: Exception) -> JSONResponse:
    return JSONResponse(
        {"error": "unauthorized", "detail": str(exc)},
        status_code=401,
        headers={"WWW-Authenticate": "Bearer"},
    )


async def _not_allowed(_: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"error": "forbidden", "detail": str(exc)}, status_code=403)


async def _invalid(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return invalid_request(
        [
            {
                # A missing body's location is ("body",) alone: name it, never "".
                "field": ".".join(str(p) for p in err["loc"] if p != "body") or "body",
                "message": err["msg"],
            }
            for err in exc.errors()
        ]
    )


async def _rule_broken(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, BusinessRuleBroken)
    problems = [{"field": exc.field or "body", "message": str(exc)}]
    if exc.conflict:  # well-formed, but the record's state refuses it (not enough money left)
        return JSONResponse(
            {"error": "conflict", "detail": str(exc), "fields": problems}, status_code=409
        )
    return invalid_request(problems)


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 422:  # every 422 has one shape, whoever raised it
        return invalid_request([{"field": "body", "message": str(exc.detail)}], str(exc.detail))
    return JSONResponse(
        {
            "error": HTTPStatus(exc.status_code).phrase.lower().replace(" ", "_"),
            "detail": exc.detail,
        },
        status_code=exc.status_code,
        headers=exc.headers,
    )


async def _not_found(_: Request, exc: Exception) -> JSONResponse:
    """A record named in the request does not exist (routers may say which, before this)."""
    return JSONResponse({"error": "not_found", "detail": "no such record"}, status_code=404)


async def _conflict(_: Request, exc: Exception) -> JSONResponse:
    """Another request changed the same record first (optimistic concurrency)."""
    return JSONResponse(
        {"error": "conflict", "detail": "the record changed meanwhile; reload it and retry"},
        status_code=409,
    )


class AnswerServerErrorsAsJson:
    """Any exception no handler took answers a JSON 500 and is logged with its traceback.

    Plain ASGI inside Starlette's ServerErrorMiddleware, which would answer plain text and
    re-raise. The log names the exception's type and frames, not its message: a message may
    quote the request's personal fields."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_noting_start(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, send_noting_start)
        except Exception as e:
            if started:
                raise
            _log_unexpected(scope, e)
            response = JSONResponse(
                {"error": "internal_server_error", "detail": "an unexpected error; it is logged"},
                status_code=500,
            )
            await response(scope, receive, send)


def _log_unexpected(scope: Scope, error: Exception) -> None:
    route: Any = scope.get("route")
    log.error(
        "http.unexpected_error",
        method=scope.get("method"),
        route=getattr(route, "path", None),
        error_type=f"{type(error).__module__}.{type(error).__qualname__}",
        traceback="".join(traceback.format_tb(error.__traceback__)),
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(IntegrityError, _conflict)
    app.add_exception_handler(AggregateNotFoundError, _not_found)
    app.add_exception_handler(BusinessRuleBroken, _rule_broken)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(NotAuthenticated, _not_authenticated)
    app.add_exception_handler(NotAllowed, _not_allowed)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_middleware(AnswerServerErrorsAsJson)
