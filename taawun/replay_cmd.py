"""`taawun replay` and `taawun audit check`: rebuild projections from offset 0 of the topics
beside the live ones, then switch reads to them, or compare them with the live ones."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from services.reporting.application.audit import Difference, differences_of_all
from services.reporting.application.projection_ports import Generation
from services.reporting.application.replay import Progress as Built
from services.reporting.bootstrap import Rebuilding, build_rebuild
from shared.config import Settings
from taawun.replay_workers import replay_in_workers


def _shown(bar: Progress, task: TaskID) -> Callable[[Built], None]:
    def shown(p: Built) -> None:
        bar.update(task, completed=p.done, total=p.total or None, rate=p.per_second)
        bar.update(task, description=p.phase)

    return shown


def _bar(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:>9,.0f} events/s"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
        transient=False,
    )


async def _build(
    r: Rebuilding,
    console: Console,
    finish: Callable[[object, Sequence[Generation], Built], None],
) -> Built:
    generations = r.rebuild.generations(r.names)
    labels = ", ".join(g.label for g in generations)
    console.print(f"building {labels} from offset 0 of {', '.join(r.history.topics)}")
    await r.history.start()
    try:
        with _bar(console) as bar:
            task = bar.add_task("reading", total=None, rate=0.0)
            return await r.rebuild.build(generations, finish, _shown(bar, task))
    finally:
        await r.history.stop()


async def replay(
    settings: Settings, names: Sequence[str], console: Console, workers: int = 1
) -> int:
    if workers > 1 and settings.database_url_for("reporting").startswith("postgresql"):
        return await _replay_in_workers(settings, names, console, workers)
    r = build_rebuild(settings, names)
    replaced: list[Generation] = []

    def switch(session: object, generations: Sequence[Generation], built: Built) -> None:
        live = r.store.live(session)
        for g in generations:
            if g.projection in live:
                replaced.append(live[g.projection])
            r.store.switch(session, g, built.done)

    try:
        built = await _build(r, console, switch)
        for old in replaced:  # nothing reads them now: the catalog names the new ones
            r.store.drop(old, r.projector.projections[old.projection])
        console.print(
            f"switched {', '.join(r.names)}: {built.done:,} messages read "
            f"({built.skipped:,} no contract reads), {built.per_second:,.0f} events/s"
        )
        return 0
    finally:
        r.engine.dispose()


async def _replay_in_workers(
    settings: Settings, names: Sequence[str], console: Console, workers: int
) -> int:
    console.print(f"rebuilding in {workers} processes, from offset 0 of the topics")
    with _bar(console) as bar:
        task = bar.add_task("reading", total=None, rate=0.0)
        built, _ = await replay_in_workers(settings, names, workers, _shown(bar, task))
    console.print(
        f"switched: {built.done:,} messages read ({built.skipped:,} no contract reads), "
        f"{built.per_second:,.0f} events/s"
    )
    return 0


async def audit_check(settings: Settings, names: Sequence[str], console: Console) -> int:
    r = build_rebuild(settings, names)
    found: list[Difference] = []
    built_generations: list[Generation] = []

    def compare(session: object, generations: Sequence[Generation], _: Built) -> None:
        built_generations.extend(generations)
        live = r.store.live(session)
        found.extend(
            differences_of_all(r.store, session, r.projector.projections, live, generations)
        )

    try:
        built = await _build(r, console, compare)
    finally:
        for g in built_generations:
            r.store.drop(g, r.projector.projections[g.projection])
        r.engine.dispose()
    for d in found:
        console.print(str(d), markup=False, highlight=False)
    if found:
        console.print(
            f"[red]{len(found)} difference(s)[/red] between the live projections and "
            "the events on the topics"
        )
        return 1
    console.print(
        f"audit check: {', '.join(r.names)} equal to a rebuild from "
        f"{built.done:,} messages, row by row, history included"
    )
    return 0
