"""Each service's OpenAPI document is valid and documents, on every operation, the errors the
API sends (shared/http/openapi.py), so that generated clients can read them."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from openapi_spec_validator import validate

from tests.platform import Platform, embedded_platform

SERVICES = ["intake", "grants", "reporting"]
WRITES = {"post", "put", "patch", "delete"}
Operation = tuple[str, str, dict[str, Any]]


@pytest.fixture
async def documents(tmp_path: Path) -> AsyncIterator[dict[str, dict[str, Any]]]:
    async with embedded_platform(tmp_path) as platform:
        yield {name: await _document(platform, name) for name in SERVICES}


async def _document(platform: Platform, name: str) -> dict[str, Any]:
    async with platform.client(getattr(platform, name)) as c:
        response = await c.get("/openapi.json")
    assert response.status_code == 200
    doc: dict[str, Any] = response.json()
    return doc


def operations(doc: dict[str, Any]) -> Iterator[Operation]:
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def schema_of(operation: dict[str, Any], code: str) -> str:
    ref: str = operation["responses"][code]["content"]["application/json"]["schema"]["$ref"]
    return ref.rsplit("/", 1)[-1]


@pytest.mark.parametrize("service", SERVICES)
def test_the_document_is_valid_openapi(documents: dict[str, dict[str, Any]], service: str) -> None:
    validate(documents[service])
    assert "HTTPValidationError" not in json.dumps(documents[service])


@pytest.mark.parametrize("service", SERVICES)
def test_every_operation_documents_the_errors_we_send(
    documents: dict[str, dict[str, Any]], service: str
) -> None:
    doc = documents[service]
    assert {"Error", "InvalidRequest"} <= set(doc["components"]["schemas"])
    for path, method, operation in operations(doc):
        where = f"{method.upper()} {path}"
        responses = operation["responses"]
        assert schema_of(operation, "500") == "Error", where
        if "422" in responses:
            assert schema_of(operation, "422") == "InvalidRequest", where
        if "requestBody" in operation:
            assert schema_of(operation, "400") == "Error", where
        if operation.get("security"):
            assert schema_of(operation, "401") == "Error", where
            assert schema_of(operation, "403") == "Error", where
        if "{" in path:
            assert schema_of(operation, "404") == "Error", where
            if method in WRITES:
                assert schema_of(operation, "409") == "Error", where
        for code, response in responses.items():
            assert response.get("description"), (where, code)
            if code[0] in "45":
                assert "content" in response, (where, code)


def test_secured_operations_are_most_of_them(documents: dict[str, dict[str, Any]]) -> None:
    """Every operation but health and docs takes a token (so gets 401/403 documented)."""
    for doc in documents.values():
        for path, method, operation in operations(doc):
            if not path.startswith("/health/"):
                assert operation.get("security"), f"{method.upper()} {path}"


def test_possible_duplicates_are_documented_as_pairs(
    documents: dict[str, dict[str, Any]],
) -> None:
    operation = documents["intake"]["paths"]["/beneficiaries/possible-duplicates/open"]["get"]
    pair = operation["responses"]["200"]["content"]["application/json"]["schema"]["items"]
    assert pair == {
        "type": "array",
        "items": {"type": "string", "format": "uuid"},
        "minItems": 2,
        "maxItems": 2,
    }
