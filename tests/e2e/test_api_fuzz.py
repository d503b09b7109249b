"""A bounded schemathesis run over every service's OpenAPI document: every operation, in all four
phases (examples, coverage, fuzzing, stateful), with a fixed seed. No response may be a 5xx, and
every response must be one its operation documents, with the documented body and headers.

The services run embedded (SQLite, in-process bus) behind real uvicorn servers on loopback
ports, in this test's event loop; schemathesis' own CLI (the stable interface of 4.x) runs
beside them in a subprocess, with a token that holds every role in every province so that
requests get past authentication and reach the use cases.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import uvicorn

from shared.auth import Role
from shared.runtime import ServiceRuntime
from tests.platform import Platform, embedded_platform, token

SEED = 20261202
# Test cases per operation and phase: about 2,000 requests for intake, some 50 s on our 2-core
# machine, well under the suite's budget of two minutes for this run.
MAX_EXAMPLES = {"intake": 12, "grants": 40, "reporting": 40}
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
        "response_headers_conformance",
    ]
)


@contextlib.asynccontextmanager
async def serving(runtime: ServiceRuntime) -> AsyncIterator[str]:
    """The runtime's HTTP app on a free loopback port, for as long as the block runs."""
    config = uvicorn.Config(
        runtime.http, host="127.0.0.1", port=0, log_level="warning", lifespan="off"
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()  # raises whatever stopped the server
        await asyncio.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


async def schemathesis(url: str, max_examples: int, workdir: Path) -> tuple[int, str]:
    bearer = token(Role.CASEWORKER, Role.APPROVER, Role.AUDITOR, Role.ADMIN, subject="fuzzer")
    process = await asyncio.create_subprocess_exec(
        str(Path(sys.executable).parent / "schemathesis"),
        "run",
        f"{url}/openapi.json",
        "--header",
        f"Authorization: Bearer {bearer}",
        "--phases",
        "examples,coverage,fuzzing,stateful",
        "--checks",
        CHECKS,
        "--seed",
        str(SEED),
        "--max-examples",
        str(max_examples),
        "--workers",
        "1",
        "--generation-database",
        "none",
        # The token above is sent as is: a mangled one only answers 401, and stops the run
        # there instead of reaching the use cases. The 401s are checked in test_openapi_docs.
        "--generation-with-security-parameters",
        "false",
        "--request-timeout",
        "30",
        "--no-color",
        cwd=workdir,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await process.communicate()
    assert process.returncode is not None
    return process.returncode, output.decode(errors="replace")


@pytest.fixture
async def services(tmp_path: Path) -> AsyncIterator[Platform]:
    async with embedded_platform(tmp_path / "data") as platform:
        yield platform


@pytest.mark.parametrize("service", ["intake", "grants", "reporting"])
async def test_no_server_errors_and_every_response_as_documented(
    services: Platform, tmp_path: Path, service: str
) -> None:
    runtime: ServiceRuntime = getattr(services, service)
    async with serving(runtime) as url:
        returncode, output = await schemathesis(url, MAX_EXAMPLES[service], tmp_path)
    # The summary names each failure with a curl line that reproduces it.
    assert returncode == 0, output[-20_000:]
    generated = re.search(r"(\d+) generated", output)
    assert generated is not None and int(generated.group(1)) > 0, output[-5_000:]
