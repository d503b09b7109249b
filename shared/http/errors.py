"""Every error answers JSON: {"error": ..., "detail": ...}; 422 names the fields."""

from __future__ import annotations

from http import HTTPStatus

from eventsourcing.persistence import IntegrityError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from shared.auth import NotAllowed, NotAuthenticated
from shared.rules import BusinessRuleBroken


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
    problems = [
        {
            "field": ".".join(str(p) for p in err["loc"] if p != "body"),
            "message": err["msg"],
        }
        for err in exc.errors()
    ]
    fields = ", ".join(p["field"] for p in problems)
    return JSONResponse(
        {"error": "invalid_request", "detail": f"invalid fields: {fields}", "fields": problems},
        status_code=422,
    )


async def _rule_broken(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, BusinessRuleBroken)
    field = exc.field or "body"
    return JSONResponse(
        {
            "error": "invalid_request",
            "detail": f"invalid fields: {field}",
            "fields": [{"field": field, "message": str(exc)}],
        },
        status_code=422,
    )


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return JSONResponse(
        {
            "error": HTTPStatus(exc.status_code).phrase.lower().replace(" ", "_"),
            "detail": exc.detail,
        },
        status_code=exc.status_code,
        headers=exc.headers,
    )


async def _conflict(_: Request, exc: Exception) -> JSONResponse:
    """Another request changed the same record first (optimistic concurrency)."""
    return JSONResponse(
        {"error": "conflict", "detail": "the record changed meanwhile; reload it and retry"},
        status_code=409,
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(IntegrityError, _conflict)
    app.add_exception_handler(BusinessRuleBroken, _rule_broken)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(NotAuthenticated, _not_authenticated)
    app.add_exception_handler(NotAllowed, _not_allowed)
    app.add_exception_handler(RequestValidationError, _invalid)
