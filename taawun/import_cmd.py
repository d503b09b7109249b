"""`taawun import beneficiaries|households FILE`: upload a CSV to a running intake and follow
the job.

The file goes as the raw body (`Content-Type: text/csv`) of POST /imports/{kind}; the command
then polls GET /imports/{job_id}, draws a progress bar, and prints the counts and the first
rejected rows with their reasons.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Literal

import httpx
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

SHOWN_REJECTIONS = 20
FINISHED = {"done", "failed"}
Kind = Literal["beneficiaries", "households"]
# What the `duplicates` count means for each kind.
ALREADY = {"beneficiaries": "already enrolled", "households": "already recorded"}


def import_beneficiaries_file(
    path: Path,
    url: str,
    token: str,
    *,
    poll_seconds: float = 0.5,
    console: Console | None = None,
    client: httpx.Client | None = None,
) -> int:
    """Exit code: 0 when the import finished (even with rejected rows), 1 otherwise."""
    return import_file(
        path,
        url,
        token,
        kind="beneficiaries",
        poll_seconds=poll_seconds,
        console=console,
        client=client,
    )


def import_file(
    path: Path,
    url: str,
    token: str,
    *,
    kind: Kind,
    poll_seconds: float = 0.5,
    console: Console | None = None,
    client: httpx.Client | None = None,
) -> int:
    """Upload a `kind` CSV and follow its job. Exit code: 0 when the import finished (even
    with rejected rows), 1 otherwise."""
    out = console or Console()
    headers = {"Authorization": f"Bearer {token}"}
    http = client or httpx.Client(base_url=url.rstrip("/"), headers=headers, timeout=120)
    try:
        response = http.post(
            f"/imports/{kind}",
            content=path.read_bytes(),
            headers={**headers, "Content-Type": "text/csv"},
        )
        if response.status_code != 202:
            out.print(f"[red]import refused ({response.status_code}):[/red] {_detail(response)}")
            return 1
        submitted = response.json()
        job_id, total = submitted["job_id"], submitted["total_rows"]
        out.print(f"import job {job_id}: {total:,} rows from {path.name}")
        job = _follow(http, headers, job_id, total, poll_seconds, out)
        return _summarise(job, out, ALREADY[kind])
    except httpx.HTTPError as e:
        out.print(f"[red]cannot reach intake at {url}:[/red] {e}")
        return 1
    finally:
        if client is None:
            http.close()


def _follow(
    http: httpx.Client,
    headers: dict[str, str],
    job_id: str,
    total: int,
    poll_seconds: float,
    out: Console,
) -> dict[str, Any]:
    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("rows"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=out, transient=False) as bar:
        task = bar.add_task("importing", total=total or None)
        while True:
            # Only a small page of rows while running; the full answer once done.
            response = http.get(f"/imports/{job_id}", params={"limit": 0}, headers=headers)
            response.raise_for_status()
            job: dict[str, Any] = response.json()
            bar.update(task, total=job["total_rows"] or None, completed=job["processed_rows"])
            if job["status"] in FINISHED:
                bar.update(task, completed=job["total_rows"] if job["status"] == "done" else None)
                break
            time.sleep(poll_seconds)
    response = http.get(f"/imports/{job_id}", params={"limit": SHOWN_REJECTIONS}, headers=headers)
    response.raise_for_status()
    final: dict[str, Any] = response.json()
    return final


def _summarise(job: dict[str, Any], out: Console, already: str) -> int:
    counts = job["counts"]
    if job["status"] != "done":
        out.print(f"[red]import failed:[/red] {job.get('error')}")
        out.print(
            f"before failing: {counts['accepted']:,} accepted, "
            f"{counts['duplicates']:,} {already}, {counts['rejected']:,} rejected "
            f"(importing the same file again is safe: those rows come back as {already})"
        )
        return 1
    out.print(
        f"[green]{counts['accepted']:,} accepted[/green], "
        f"{counts['duplicates']:,} {already}, "
        f"[red]{counts['rejected']:,} rejected[/red] "
        f"of {job['total_rows']:,} rows"
    )
    rejected = job.get("rejected") or []
    if rejected:
        table = Table("row", "reasons", title=f"first {len(rejected)} rejected rows")
        for item in rejected:
            table.add_row(str(item["row"]), "\n".join(item["reasons"]))
        out.print(table)
        if counts["rejected"] > len(rejected):
            out.print(f"all of them: GET /imports/{job['job_id']}?limit=100000")
    return 0


def _detail(response: httpx.Response) -> str:
    try:
        return str(response.json().get("detail", response.text))
    except ValueError:
        return response.text
