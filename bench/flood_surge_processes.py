"""The flood surge's services the production way: each `taawun serve <service>` in an OS
process of its own, on its own fresh PostgreSQL database and a fresh Kafka topic namespace,
configured only by TAAWUN_* variables, reached over 127.0.0.1 sockets. Processes are stopped
on the way out whatever happens (an error, Ctrl-C); their logs stay under /tmp."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import ExitStack, asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.flood_surge_services import GATEWAY_SECRET, HTTP_TIMEOUT, SurgeServices
from services.grants.persistence.event_store import grants_event_store
from services.intake.bootstrap import build_intake_use_cases, event_store_of
from shared.auth import Role
from shared.config import ServiceName, Settings
from shared.eventstore import eventstore_env
from shared.schema import schema_lock
from tests.infra import KAFKA_BOOTSTRAP, postgres_database
from tests.platform import ISSUER, PARTITIONS, token

REPO = Path(__file__).resolve().parent.parent
SERVICES: tuple[ServiceName, ...] = ("intake", "grants", "reporting")
READY_SECONDS = 180.0
STOP_SECONDS = 30.0


def service_environment(
    service: ServiceName,
    database_url: str,
    *,
    namespace: str,
    port: int,
    http_workers: int = 1,
    inherited: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The environment of one service's process: this one's without its TAAWUN_* variables,
    then the settings the in-process platform gives the same service (tests/platform.py)."""
    base = os.environ if inherited is None else inherited
    env = {name: value for name, value in base.items() if not name.startswith("TAAWUN_")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), base.get("PYTHONPATH")) if p)
    return env | {
        "TAAWUN_SERVICE": service,
        "TAAWUN_DATABASE_URL": database_url,
        "TAAWUN_KAFKA_BOOTSTRAP": KAFKA_BOOTSTRAP,
        "TAAWUN_KAFKA_PARTITIONS": str(PARTITIONS),
        "TAAWUN_KAFKA_NAMESPACE": namespace,
        "TAAWUN_HTTP_HOST": "127.0.0.1",
        "TAAWUN_HTTP_PORT": str(port),
        "TAAWUN_HTTP_WORKERS": str(http_workers),
        "TAAWUN_JWT_SECRET": ISSUER.secret,
        "TAAWUN_JWT_ISSUER": ISSUER.issuer,
        "TAAWUN_JWT_AUDIENCE": ISSUER.audience,
        # As this process's Settings: the check finds people by the same keyed hashes.
        "TAAWUN_INTAKE_LOOKUP_SECRET": Settings().intake_lookup_secret.get_secret_value(),
        "TAAWUN_INTAKE_SMS_GATEWAY_SECRET": GATEWAY_SECRET,
        "TAAWUN_SIMULATED_FAILURE_RATE": "0",
        "TAAWUN_SIMULATED_PROVIDER_FILES": "false",
        "TAAWUN_RELAY_POLL_SECONDS": "0.05",
        "TAAWUN_LOG_JSON": "true",
    }


@dataclass
class ServiceProcess:
    service: ServiceName
    process: subprocess.Popen[bytes]
    log: Path
    url: str

    def stop(self) -> None:
        """SIGTERM to `serve` (it stops its uvicorn workers and relay), then SIGKILL to
        whatever is left of its process group."""
        if self.process.poll() is None:
            self.process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(STOP_SECONDS)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    async def ready(self, client: httpx.AsyncClient) -> None:
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.service} exited ({self.process.returncode}): {self.log}")
            with contextlib.suppress(httpx.TransportError):
                if (await client.get(f"{self.url}/health/ready")).status_code == 200:
                    return
            await asyncio.sleep(0.25)
        raise TimeoutError(f"{self.service} not ready after {READY_SECONDS:.0f} s: {self.log}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def started(service: ServiceName, env: dict[str, str], logs: Path) -> Iterator[ServiceProcess]:
    log = logs / f"{service}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "taawun.cli", "serve", service],
            env=env,
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group: Ctrl-C reaches the bench, which stops it
        )
    running = ServiceProcess(service, process, log, f"http://127.0.0.1:{env['TAAWUN_HTTP_PORT']}")
    try:
        yield running
    finally:
        running.stop()


@asynccontextmanager
async def in_processes(intake_workers: int, concurrency: int) -> AsyncIterator[SurgeServices]:
    namespace = f"b{uuid.uuid4().hex[:8]}."
    logs = Path(tempfile.mkdtemp(prefix="taawun-surge-", dir="/tmp"))
    workers = {"intake": intake_workers, "grants": 1, "reporting": 1}
    with ExitStack() as stack:
        urls = {s: stack.enter_context(postgres_database(s)) for s in SERVICES}
        processes = {
            s: stack.enter_context(started(s, service_environment(
                s, urls[s], namespace=namespace, port=free_port(), http_workers=workers[s]
            ), logs))
            for s in SERVICES
        }  # fmt: skip
        print(f"processes: logs in {', '.join(str(p.log) for p in processes.values())}")
        # Idle connections dropped before uvicorn's 5 s keep-alive closes them: reusing one
        # the server is closing at that moment fails with httpx.ReadError.
        limits = httpx.Limits(
            max_connections=concurrency + 8,
            max_keepalive_connections=concurrency,
            keepalive_expiry=2.0,
        )

        def client(service: ServiceName, role: Role | None = None) -> httpx.AsyncClient:
            auth = {"Authorization": f"Bearer {token(role, subject='admin')}"} if role else {}
            return httpx.AsyncClient(base_url=processes[service].url, headers=auth,
                                     timeout=HTTP_TIMEOUT, limits=limits)  # fmt: skip

        async with httpx.AsyncClient() as probe:
            await asyncio.gather(*(p.ready(probe) for p in processes.values()))
        intake_env = eventstore_env(urls["intake"]) | {
            "LOOKUP_SECRET": Settings().intake_lookup_secret.get_secret_value()
        }
        with schema_lock(urls["intake"]):
            intake = build_intake_use_cases(intake_env)
        stack.callback(event_store_of(intake).close)
        grants_store = grants_event_store(urls["grants"])
        stack.callback(grants_store.close)
        services = SurgeServices(
            mode=f"one OS process per service (taawun serve, intake with {intake_workers} "
            f"HTTP worker{'s' if intake_workers > 1 else ''}), HTTP over 127.0.0.1",
            intake=client("intake"),
            grants=client("grants"),
            grants_admin=client("grants", Role.ADMIN),
            intake_use_cases=intake,
            grants_store=grants_store,
            intake_url=processes["intake"].url,
        )
        try:
            yield services
        finally:
            await services.aclose()
