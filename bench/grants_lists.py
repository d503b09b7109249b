"""Grants' list reads on PostgreSQL at scale: flood-relief proposals in four provinces, then
GET /decisions's use case (a province's first page, a page deep into every proposal), a
draw-up of one province's unlisted proposals and GET /payment-lists's, each timed once.

    .venv/bin/python -m bench.grants_lists [--decisions 50000]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import TypeVar

from services.grants.application import EnvelopeLedger
from services.grants.application.decisions import Decisions
from services.grants.application.payment_lists import NewPaymentList, PaymentLists
from services.grants.application.ports import DecisionQuery
from services.grants.application.programmes import ProgrammeCatalogue
from services.grants.domain.actors import CASEWORKER, Actor
from services.grants.domain.decision import Decision
from services.grants.domain.decision_rules import DecisionStatus
from services.grants.domain.payment_list import PaymentList
from services.grants.domain.programme import Programme
from services.grants.domain.reference_programmes import EMERGENCY_AID, FLOOD_RELIEF_2026_02
from services.grants.persistence.envelopes import EventSourcedEnvelopes
from services.grants.persistence.event_store import grants_event_store
from services.grants.persistence.records import EventSourcedRecords, EventStoreSaves
from tests.flood_payments import CYCLE
from tests.infra import postgres_database
from tests.integration.test_grants_record_indexes import proposal

PROVINCES = ("LAR", "KEN", "SKC", "SSL")
T = TypeVar("T")


def timed(act: Callable[[], T]) -> tuple[float, T]:
    started = time.perf_counter()
    result = act()
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decisions", type=int, default=50_000)
    n = parser.parse_args().decisions
    with postgres_database("bench_lists") as url:
        store = grants_event_store(url)
        saves = EventStoreSaves(store)
        ledger = EnvelopeLedger(EventSourcedEnvelopes(store))
        records = EventSourcedRecords(store, Programme, Programme.Created)
        programmes = ProgrammeCatalogue(records, saves)
        programmes.seed_reference_programmes()
        decided = EventSourcedRecords(store, Decision, Decision.Proposed)
        decisions = Decisions(decided, saves, ledger, store.indexes)
        listed = EventSourcedRecords(store, PaymentList, PaymentList.DrawnUp)
        lists = PaymentLists(listed, saves, programmes, decisions, ledger, index=store.indexes)
        programme = programmes.programme(Programme.create_id(FLOOD_RELIEF_2026_02))
        started = time.perf_counter()
        for start in range(0, n, 1000):
            batch = range(start, min(n, start + 1000))
            store.save(*(proposal(programme, PROVINCES[i % 4], i) for i in batch))
        saved = time.perf_counter() - started
        first, page = timed(lambda: decisions.find(DecisionQuery(frozenset({"LAR"}))))
        deep = DecisionQuery(None, status=DecisionStatus.PROPOSED, offset=n // 2)
        far, _ = timed(lambda: decisions.find(deep))
        caseworker = Actor("cw-1", frozenset({CASEWORKER}), frozenset({"KEN"}))
        new = NewPaymentList(programme.id, CYCLE.key, "KEN", EMERGENCY_AID)
        drawn, the_list = timed(lambda: lists.draw_up(new, caseworker))
        found, _ = timed(lambda: lists.find(frozenset({"KEN"})))
        store.close()
    print(f"{n:,} proposals saved in {saved:.1f} s ({n / saved:,.0f}/s, index rows included)")
    print(f"  GET /decisions?province_code=LAR: {first * 1000:.0f} ms (total {page.total:,})")
    print(f"  GET /decisions?status=proposed&offset={n // 2:,}: {far * 1000:.0f} ms")
    print(f"  draw-up of KEN's {the_list.count:,} unlisted proposals: {drawn:.2f} s")
    print(f"  GET /payment-lists?province_code=KEN: {found * 1000:.0f} ms")


if __name__ == "__main__":
    main()
