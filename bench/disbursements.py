"""Grants' disbursements on PostgreSQL: approved flood-relief lines in payment lists turned
into orders, sent to the simulated provider and reconciled; orders/s beside PostgreSQL's raw
one-row-per-commit rate measured in the same run.

    .venv/bin/python -m bench.disbursements [--lines 50000] [--per-list 2500]

The simulated provider runs with `through_files=False` for the 50,000 (its default failures,
late answers and duplicate confirmations on); one more list goes through real pain.001 and
camt.054 files, timed on its own."""

from __future__ import annotations

import argparse
import time
import uuid

import psycopg

from services.grants.application.disbursements import Disbursements
from services.grants.application.statements import Statements
from services.grants.domain.envelope import Envelope
from services.grants.persistence.disbursement_records import (
    CashNetworkPayees,
    EventSourcedDisbursementRecords,
)
from services.grants.persistence.event_store import grants_event_store
from services.grants.persistence.simulated_provider import (
    SimulatedBehaviour,
    SimulatedPaymentProvider,
)
from shared.money import Money
from tests.flood_payments import (
    AGENCY,
    CYCLE,
    EXECUTION,
    approved_list,
    flood_programme,
    funded_envelope,
    household,
)
from tests.infra import PG_HOST, PG_PORT, postgres_database

PROVINCES = ("LAR", "KEN", "SKC", "SSL")


def raw_commits(url: str, n: int) -> float:
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE raw_orders (id uuid primary key, body text)")
        started = time.perf_counter()
        for i in range(n):
            conn.execute("INSERT INTO raw_orders VALUES (%s, %s)", (uuid.uuid4(), f"order {i}"))
        return n / (time.perf_counter() - started)


def pay_and_reconcile(
    url: str, lines: int, per_list: int, behaviour: SimulatedBehaviour, seed: str
) -> dict[str, float]:
    store = grants_event_store(url)
    records = EventSourcedDisbursementRecords(store)
    provider = SimulatedPaymentProvider(AGENCY.account, behaviour)
    pay = Disbursements(records, provider, CashNetworkPayees(), AGENCY, lambda: EXECUTION)
    statements = Statements(records, provider)
    programme = flood_programme()
    lists = []
    for number in range(lines // per_list):
        province = PROVINCES[number % len(PROVINCES)]
        subjects = [household(seed, number * per_list + n) for n in range(per_list)]
        lists.append(
            (province, *approved_list(programme, subjects, province=province, number=number + 1))
        )
    for province in PROVINCES:
        decisions = [d for p, _, ds in lists if p == province for d in ds]
        if decisions:
            records.save(funded_envelope(programme, province, decisions))
    started = time.perf_counter()
    for _, _, decisions in lists:
        pay.issue(decisions)
    issued = time.perf_counter()
    for _, the_list, _ in lists:
        pay.send_list(the_list, actor="grants")
    sent = time.perf_counter()
    confirmed = exceptions = failed = 0
    while True:
        outcomes = statements.receive()
        confirmed += sum(o.confirmed for o in outcomes)
        failed += sum(o.failed for o in outcomes)
        exceptions += sum(o.exceptions for o in outcomes)
        if not outcomes and provider.outstanding == 0:
            break
    reconciled = time.perf_counter()
    disbursed = Money(0)
    for province in PROVINCES:
        envelope = records.get(Envelope.create_id(programme.id, CYCLE.key, province))
        if isinstance(envelope, Envelope):
            disbursed += envelope.disbursed
    store.close()
    return {
        "issue": issued - started,
        "send": sent - issued,
        "reconcile": reconciled - sent,
        "total": reconciled - started,
        "confirmed": confirmed,
        "failed": failed,
        "exceptions": exceptions,
        "disbursed_mad": disbursed.centimes / 100,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=50_000)
    parser.add_argument("--per-list", type=int, default=2_500)
    args = parser.parse_args()
    with postgres_database("bench_pay") as url:
        db_rate = raw_commits(url, 5_000)
        fast = pay_and_reconcile(
            url, args.lines, args.per_list, SimulatedBehaviour(seed=1, through_files=False), "bench"
        )
    with postgres_database("bench_pay_files") as url:
        files = pay_and_reconcile(
            url, args.per_list, args.per_list, SimulatedBehaviour(seed=2), "bench-files"
        )
    rate = args.lines / fast["total"]
    print(f"PostgreSQL {PG_HOST}:{PG_PORT}")
    print(f"{args.lines:,} lines in {args.lines // args.per_list} lists of {args.per_list:,}:")
    for phase in ("issue", "send", "reconcile"):
        print(f"  {phase}: {fast[phase]:.1f} s ({args.lines / fast[phase]:,.0f} orders/s)")
    print(
        f"  confirmed {fast['confirmed']:,.0f}, failed {fast['failed']:,.0f}, "
        f"exceptions {fast['exceptions']:,.0f}, disbursed {fast['disbursed_mad']:,.2f} MAD"
    )
    print(f"orders/s, issued + sent + reconciled: {rate:,.0f}/s")
    print(f"baseline psycopg one row per commit: {db_rate:,.0f}/s; ratio {rate / db_rate:.2f}")
    files_rate = args.per_list / files["total"]
    print(
        f"one list of {args.per_list:,} through pain.001/camt.054 files: {files['total']:.1f} s "
        f"({files_rate:,.0f} orders/s)"
    )


if __name__ == "__main__":
    main()
