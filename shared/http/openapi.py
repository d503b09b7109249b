"""The OpenAPI document says what the API sends, errors included, on every operation.

FastAPI documents a 422 body we never send (`HTTPValidationError`) and nothing of the errors our
handlers answer (shared/http/errors.py). This post-processor, run once on the generated
document, puts our shapes there by one rule for every service:
- 422 is an `InvalidRequest` ({error, detail, fields: [{field, message}]});
- 400 (a body that cannot be parsed) where the operation takes a body;
- 401 and 403 on every operation that takes a bearer token;
- 404 where the path names a record; 409 where a write names one (another request may have
  changed it first) or where the router documented a conflict itself;
- 500 everywhere: an unexpected error still answers an `Error`.
Any error response a router documented without a body gets the `Error` body.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

Document = dict[str, Any]

ERROR: Document = {
    "title": "Error",
    "type": "object",
    "required": ["error", "detail"],
    "properties": {
        "error": {"type": "string", "description": "a code: not_found, conflict, ..."},
        "detail": {"description": "what went wrong, for a person to read"},
    },
}
INVALID_REQUEST: Document = {
    "title": "InvalidRequest",
    "type": "object",
    "required": ["error", "detail", "fields"],
    "properties": {
        "error": {"type": "string", "enum": ["invalid_request"]},
        "detail": {"type": "string"},
        "fields": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}
DESCRIPTIONS = {
    "400": "the body could not be parsed",
    "401": "no bearer token, or one that is not valid",
    "403": "the token's roles or provinces do not cover this request",
    "404": "no such record",
    "409": "a conflict: the record changed meanwhile, or its state forbids this",
    "422": "invalid fields: `fields` names each one",
    "500": "an unexpected error (logged)",
}
WRITES = frozenset({"post", "put", "patch", "delete"})
METHODS = WRITES | {"get", "head", "options"}
FASTAPI_422 = ("HTTPValidationError", "ValidationError")


def _body(name: str) -> Document:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}


def _errors_of(path: str, method: str, operation: Document) -> list[str]:
    names_a_record = "{" in path
    codes = ["500"]
    if "requestBody" in operation:
        codes.append("400")
    if operation.get("security"):
        codes += ["401", "403"]
    if names_a_record:
        codes.append("404")
    if method in WRITES and names_a_record:
        codes.append("409")
    return codes


def document_errors(doc: Document) -> Document:
    """Our error shapes on every operation of `doc` (changed in place, and returned)."""
    schemas: Document = doc.setdefault("components", {}).setdefault("schemas", {})
    for name in FASTAPI_422:
        schemas.pop(name, None)
    schemas["Error"] = ERROR
    schemas["InvalidRequest"] = INVALID_REQUEST
    for path, item in doc.get("paths", {}).items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            responses: Document = operation.setdefault("responses", {})
            for code in _errors_of(path, method, operation):
                responses.setdefault(code, {"description": DESCRIPTIONS[code]})
            for code, response in responses.items():
                if code == "422":
                    response["content"] = _body("InvalidRequest")
                    response.setdefault("description", DESCRIPTIONS["422"])
                elif code[0] in "45":
                    response.setdefault("description", DESCRIPTIONS.get(code, "an error"))
                    response.setdefault("content", _body("Error"))
    return doc


def with_documented_errors(app: FastAPI) -> Callable[[], Document]:
    """An `app.openapi` that post-processes FastAPI's document once, then serves it as is."""
    generate = app.openapi

    def openapi() -> Document:
        if app.openapi_schema is None:
            app.openapi_schema = document_errors(generate())
        return app.openapi_schema

    return openapi
