"""`taawun`: demo | serve SERVICE | relay SERVICE | infra up|down|status | token | import |
reindex grants."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from shared.auth import Role
from shared.config import Settings
from shared.logs import configure_logging
from shared.tracing import configure_tracing

app = typer.Typer(no_args_is_help=True, add_completion=False, help=__doc__)
REPO = Path(__file__).resolve().parent.parent


class Service(StrEnum):
    intake = "intake"
    grants = "grants"
    reporting = "reporting"


class InfraAction(StrEnum):
    up = "up"
    down = "down"
    status = "status"


@app.command()
def demo(
    port_base: Annotated[
        int, typer.Option(help="intake on this port, grants +1, reporting +2")
    ] = 8001,
    data_dir: Annotated[Path, typer.Option(help="where the SQLite files go")] = Path("var/demo"),
    seed: Annotated[bool, typer.Option(help="enrol a few beneficiaries at start")] = True,
    check: Annotated[
        bool, typer.Option(help="seed, wait for the reports, print them, exit")
    ] = False,
) -> None:
    """All three services in one process on SQLite with the in-process transport."""
    from taawun.demo import run_demo

    settings = Settings(data_dir=data_dir, database_url=None)
    configure_logging(settings.log_level, settings.log_json)
    configure_tracing("demo", settings.otel_exporter)
    try:
        code = asyncio.run(run_demo(settings, port_base=port_base, seed=seed, check=check))
    except KeyboardInterrupt:
        code = 0
    raise typer.Exit(code)


@app.command()
def serve(service: Service) -> None:
    """One service against Kafka and its database, configured by TAAWUN_* env vars."""
    from taawun.serve import serve as run

    settings = Settings()
    configure_logging(settings.log_level, settings.log_json)
    configure_tracing(service.value, settings.otel_exporter)
    run(service.value, settings)  # type: ignore[arg-type]


@app.command()
def relay(service: Service) -> None:
    """Only the service's outbox relay and consumers, no HTTP: beside HTTP replicas that run
    with TAAWUN_RUN_RELAY=false (`serve` starts one itself when TAAWUN_HTTP_WORKERS > 1)."""
    from taawun.serve import relay as run

    settings = Settings()
    configure_logging(settings.log_level, settings.log_json)
    configure_tracing(service.value, settings.otel_exporter)
    run(service.value, settings)  # type: ignore[arg-type]


@app.command()
def infra(action: InfraAction) -> None:
    """Start, stop or check the local Kafka broker and PostgreSQL (scripts/infra.sh)."""
    result = subprocess.run(["bash", str(REPO / "scripts" / "infra.sh"), action.value], check=False)
    raise typer.Exit(result.returncode)


imports = typer.Typer(help="Bulk imports into a running intake.", no_args_is_help=True)
app.add_typer(imports, name="import")


@imports.command("beneficiaries")
def import_beneficiaries(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    token: Annotated[
        str,
        typer.Option(envvar="TAAWUN_TOKEN", help="bearer token (taawun token --role caseworker)"),
    ],
    url: Annotated[str, typer.Option(help="intake's base URL")] = "http://127.0.0.1:8001",
) -> None:
    """Upload a beneficiaries CSV to a running intake and follow the import with a progress bar."""
    from taawun.import_cmd import import_beneficiaries_file

    raise typer.Exit(import_beneficiaries_file(file, url, token))


@imports.command("households")
def import_households(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    token: Annotated[
        str,
        typer.Option(envvar="TAAWUN_TOKEN", help="bearer token (taawun token --role caseworker)"),
    ],
    url: Annotated[str, typer.Option(help="intake's base URL")] = "http://127.0.0.1:8001",
) -> None:
    """Upload a households CSV (one row per member; people enrolled first) to a running
    intake and follow the import with a progress bar."""
    from taawun.import_cmd import import_file

    raise typer.Exit(import_file(file, url, token, kind="households"))


@app.command()
def token(
    role: Annotated[list[Role], typer.Option(help="repeat for several roles")],
    province: Annotated[list[str], typer.Option(help="province codes, or * for all")] = ["*"],  # noqa: B006
    subject: Annotated[str, typer.Option(help="who the token speaks for")] = "local-user",
) -> None:
    """Mint a bearer token for local use (signed with TAAWUN_JWT_SECRET)."""
    from taawun.wiring import token_issuer

    sys.stdout.write(token_issuer(Settings()).mint(subject, role, province) + "\n")


class Indexed(StrEnum):
    grants = "grants"


@app.command()
def reindex(service: Indexed) -> None:
    """Rebuild the service's record indexes from its event store (TAAWUN_DATABASE_URL), e.g.
    once every replica runs a version that keeps them; safe while they serve."""
    from services.grants.persistence.event_store import grants_event_store
    from services.grants.persistence.record_index_rebuild import rebuild_record_indexes
    from shared.schema import schema_lock

    url = Settings().database_url_for(service.value)
    with schema_lock(url):
        store = grants_event_store(url)
    indexed = rebuild_record_indexes(store)
    store.close()
    sys.stdout.write(f"{service.value}: {indexed:,} records indexed\n")


if __name__ == "__main__":
    app()


@app.command()
def replay(
    projections: Annotated[
        list[str] | None, typer.Argument(help="projections to rebuild (default: all)")
    ] = None,
    workers: Annotated[
        int, typer.Option(min=1, help="processes sharing the projections (PostgreSQL)")
    ] = 1,
) -> None:
    """Rebuild projections from offset 0 of their topics beside the live ones, catch up,
    then switch reads to them at once (blue/green)."""
    from rich.console import Console

    from taawun.replay_cmd import replay as run

    settings = Settings()
    configure_logging(settings.log_level, settings.log_json)
    try:
        code = asyncio.run(run(settings, projections or [], Console(), workers))
    except ValueError as e:
        typer.echo(f"replay: {e}", err=True)
        code = 2
    raise typer.Exit(code)


audit_app = typer.Typer(no_args_is_help=True, help="Prove the projections follow from the events.")
app.add_typer(audit_app, name="audit")


@audit_app.command("check")
def audit_check(
    projections: Annotated[
        list[str] | None, typer.Argument(help="projections to check (default: all)")
    ] = None,
) -> None:
    """Rebuild scratch copies from the topics and compare them with the live projections row
    by row; print every difference and exit 1 if there is one."""
    from rich.console import Console

    from taawun.replay_cmd import audit_check as run

    settings = Settings()
    configure_logging(settings.log_level, settings.log_json)
    try:
        code = asyncio.run(run(settings, projections or [], Console()))
    except ValueError as e:
        typer.echo(f"audit check: {e}", err=True)
        code = 2
    raise typer.Exit(code)
