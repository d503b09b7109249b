"""Projection lag: under a steady rate of commands through intake and grants, the time from a
command's acceptance (its HTTP answer) to its effect visible in reporting's projections.

    PYTHONPATH=. .venv/bin/python -m bench.projection_lag [--rate 200] [--seconds 60]
        [--warmup 10] [--approvals 0.5] [--poll-ms 5] [--relay-poll-seconds S]
        [--intake-workers 1] [--env NAME=VALUE ...]

Intake, grants and reporting each run as `taawun serve <service>` in an OS process of their own
(bench/flood_surge_processes.py), each on a fresh PostgreSQL database, Kafka between them, with
the services' own settings (relay poll interval included) unless --relay-poll-seconds or --env
says otherwise. Set-up, not timed: an admin opens the technical aids' cycle, people with a
disability are enrolled, and grants proposes each of them three aids (the approvals' pool),
until reporting shows them all. Then commands go out at --rate a second, open loop (each at
its due time, whatever the earlier ones are doing): a share --approvals of them approve one of
the pool's decisions (POST /decisions/{id}/approve to grants: visible when reporting's
decision row leaves `proposed`), the others enrol a new person with a disability (POST
/beneficiaries to intake: visible when reporting has the beneficiary's row; grants proposes
their aids too, so reporting follows the whole flow). --warmup seconds first, not measured,
then --seconds measured. Reporting's database is polled from here every --poll-ms
(bench/lag_watch.py): that is the figures' resolution.
Baselines in the same run, first, before the services start: Kafka alone, one small message
produced (aiokafka, acks=all) and consumed at the same rate (bench/kafka_round_trip.py), and
PostgreSQL's raw one-row commits (the machine's speed in this run).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

import httpx

from bench.disbursements import raw_commits
from bench.flood_surge_processes import (
    SERVICES,
    ServiceProcess,
    free_port,
    service_environment,
    started,
)
from bench.kafka_round_trip import round_trips
from bench.lag_load import Connections, at_fixed_rate, shown
from bench.lag_report import report
from bench.lag_topics import TopicWatch
from bench.lag_watch import ReportingWatch, proposed_decisions
from bench.projection_lag_people import AIDS, PROVINCE, enrol_pool, enrolment
from services.grants.domain.programme import Programme
from services.grants.domain.reference_programmes import DISABILITY_TECHNICAL_AIDS
from shared.auth import Role
from shared.config import Settings
from tests.infra import KAFKA_BOOTSTRAP, postgres_database
from tests.platform import PARTITIONS, token

TECHNICAL_AIDS = str(Programme.create_id(DISABILITY_TECHNICAL_AIDS))
DRAIN_SECONDS = 60.0


def bearer(role: Role, subject: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token(role, provinces=(PROVINCE,), subject=subject)}"}


class Mix:
    """Which command is which, and what each expects reporting to show."""

    def __init__(self, share: float, intake: Connections, grants: Connections, pool: list[str],
                 watch: ReportingWatch) -> None:  # fmt: skip
        self.share = share
        self.intake, self.grants, self.pool, self.watch = intake, grants, pool, watch
        self.counter = 0  # across warm-up and measurement: every enrolment a new person
        self.measuring = False
        self.caseworker = bearer(Role.CASEWORKER, "cw-lag")
        self.approver = bearer(Role.APPROVER, "ap-lag")

    def is_approval(self, i: int) -> bool:
        return int((i + 1) * self.share) > int(i * self.share)

    async def command(self, i: int) -> str:
        if self.is_approval(i):
            decision = self.pool.pop()
            status, answer = await self.grants.post(
                f"/decisions/{decision}/approve", {"reason": "dossier complet"}, self.approver
            )
            if status != 200:
                raise RuntimeError(f"approve: {status} {answer}")
            return decision
        self.counter += 1
        status, answer = await self.intake.post(
            "/beneficiaries", enrolment(f"LB{self.counter:07d}", self.counter), self.caseworker
        )
        if status != 201:
            raise RuntimeError(f"enrol: {status} {answer}")
        return str(answer["beneficiary_id"])

    def accepted(self, i: int, key: str, at: float) -> None:
        if self.measuring:
            if self.is_approval(i):
                self.watch.approvals.expected[key] = at
            else:
                self.watch.enrolments.expected[key] = at
                self.watch.proposals.expected[key] = at


async def until(what: str, done: Callable[[], Awaitable[bool]], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not await done():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        await asyncio.sleep(0.25)


async def measure(
    args: argparse.Namespace, urls: dict[str, str], processes: dict[str, str]
) -> None:
    intake, grants = Connections(processes["intake"]), Connections(processes["grants"])
    admin = bearer(Role.ADMIN, "admin")
    cycle = str(datetime.now(UTC).year)
    status, answer = await grants.post(f"/programmes/{TECHNICAL_AIDS}/cycles",
                                       {"cycle": cycle, "reason": "budget"}, admin)  # fmt: skip
    if status != 201:
        raise RuntimeError(f"open the cycle: {status} {answer}")
    approvals = int((args.warmup + args.seconds) * args.rate * args.approvals * 1.1) + 10
    people = -(-approvals // AIDS)
    started_at = time.perf_counter()
    await enrol_pool(processes["intake"], people, bearer(Role.CASEWORKER, "cw-setup"))

    async def all_proposed() -> bool:
        return len(await proposed_decisions(urls["reporting"])) >= people * AIDS

    await until("reporting to show the pool's proposals", all_proposed, timeout=600)
    pool = await proposed_decisions(urls["reporting"])
    print(f"set-up: {people:,} people enrolled, {len(pool):,} proposals in reporting "
          f"({time.perf_counter() - started_at:.1f} s, not timed)", flush=True)  # fmt: skip

    watch = ReportingWatch(urls["reporting"], interval=args.poll_ms / 1000)
    watching = asyncio.create_task(watch.run())
    topics = TopicWatch(KAFKA_BOOTSTRAP, args.namespace)
    await topics.start()
    reading = asyncio.create_task(topics.run())
    mix = Mix(args.approvals, intake, grants, pool, watch)
    try:
        if args.warmup > 0:
            await at_fixed_rate(args.rate, args.warmup, mix.command, mix.accepted)
        mix.measuring = True
        start = time.monotonic()
        sent = await at_fixed_rate(
            args.rate, args.seconds, mix.command, mix.accepted, mix.is_approval
        )
        mix.measuring = False

        async def all_seen() -> bool:
            return watch.enrolments.missing() + watch.approvals.missing() == 0

        try:
            await until("reporting to show every measured command", all_seen, DRAIN_SECONDS)
        except TimeoutError:
            print(f"drain: gave up waiting after {DRAIN_SECONDS:.0f} s", flush=True)
    finally:
        watch.stop()
        await watching
        reading.cancel()
        await asyncio.gather(reading, return_exceptions=True)
        await topics.stop()
        await intake.close()
        await grants.close()
    report(args, sent, watch, topics, start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=200.0, help="commands a second")
    parser.add_argument("--seconds", type=float, default=60.0, help="measured")
    parser.add_argument("--warmup", type=float, default=10.0, help="seconds, not measured")
    parser.add_argument("--approvals", type=float, default=0.5, help="share of approvals")
    parser.add_argument("--poll-ms", type=float, default=5.0, help="reporting polled every")
    parser.add_argument("--baseline-seconds", type=float, default=20.0)
    parser.add_argument("--relay-poll-seconds", type=float, default=None,
                        help=f"TAAWUN_RELAY_POLL_SECONDS (default: the services' own, "
                        f"{Settings.model_fields['relay_poll_seconds'].default})")  # fmt: skip
    parser.add_argument("--intake-workers", type=int, default=1, help="TAAWUN_HTTP_WORKERS")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                        help="a TAAWUN_* setting for every service")  # fmt: skip
    args = parser.parse_args()
    with postgres_database("lag_yardstick") as url:
        commits = raw_commits(url, 3_000)
    print(f"yardstick: PostgreSQL raw one-row commits {commits:,.0f}/s (same run)", flush=True)
    args.baseline = asyncio.run(
        round_trips(KAFKA_BOOTSTRAP, args.rate, args.baseline_seconds, PARTITIONS)
    )
    print(f"baseline: Kafka produce -> consume of one small message, aiokafka acks=all, "
          f"{args.rate:.0f}/s for {args.baseline_seconds:.0f} s ({len(args.baseline):,}): "
          f"{shown(args.baseline)}", flush=True)  # fmt: skip
    namespace = args.namespace = f"lag{uuid.uuid4().hex[:8]}."
    logs = Path(tempfile.mkdtemp(prefix="taawun-lag-", dir="/tmp"))
    extra = dict(e.split("=", 1) for e in args.env)
    with ExitStack() as stack:
        urls: dict[str, str] = {
            s: stack.enter_context(postgres_database(f"lag_{s}")) for s in SERVICES
        }
        processes: dict[str, ServiceProcess] = {}
        for s in SERVICES:
            workers = args.intake_workers if s == "intake" else 1
            env = service_environment(
                s, urls[s], namespace=namespace, port=free_port(), http_workers=workers
            )
            env.pop("TAAWUN_RELAY_POLL_SECONDS")  # the surge's 0.05 s: here, the services' own
            if args.relay_poll_seconds is not None:
                env["TAAWUN_RELAY_POLL_SECONDS"] = str(args.relay_poll_seconds)
            env["TAAWUN_LOG_LEVEL"] = "WARNING"
            processes[s] = stack.enter_context(started(s, env | extra, logs))
        pids = ", ".join(f"{s} {p.process.pid}" for s, p in processes.items())
        print(f"services: pids {pids}; logs in {logs}; settings {extra or 'their own'}"
              f"{f', relay poll {args.relay_poll_seconds} s' if args.relay_poll_seconds else ''}",
              flush=True)  # fmt: skip
        asyncio.run(ready_then_measure(args, urls, processes))


async def ready_then_measure(
    args: argparse.Namespace, urls: dict[str, str], processes: dict[str, ServiceProcess]
) -> None:
    async with httpx.AsyncClient() as probe:
        await asyncio.gather(*(p.ready(probe) for p in processes.values()))
    await measure(args, urls, {s: p.url for s, p in processes.items()})


if __name__ == "__main__":
    main()
