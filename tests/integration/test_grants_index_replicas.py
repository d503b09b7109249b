"""Two grants replicas (two event stores on one PostgreSQL database) changing the same
decisions and the same payment list at once: every save that won wrote its index rows in
its own transaction, every save that lost wrote none, so afterwards the indexes agree with
the events row for row."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from services.grants.domain.actors import APPROVER, Actor
from services.grants.domain.decision import Decision
from services.grants.domain.decision_rules import DecisionStatus
from services.grants.domain.payment_list import PaymentList
from services.grants.domain.reference_programmes import EMERGENCY_AID
from services.grants.persistence.event_store import GrantsEventStore, grants_event_store
from shared.rules import BusinessRuleBroken
from tests.flood_payments import CYCLE, flood_programme
from tests.grants_indexes import assert_index_agrees_with_events, indexed
from tests.infra import postgres_database, require_infra
from tests.integration.test_grants_record_indexes import proposal

DECISIONS = 40
APPROVER_LAR = Actor("ap-1", frozenset({APPROVER}), frozenset({"LAR"}))


def _reject(d: Decision) -> None:
    d.reject(APPROVER_LAR, reason="not eligible")


def _cancel(d: Decision) -> None:
    d.cancel(actor="grants", reason="household merged")


def _replica(
    store: GrantsEventStore,
    decisions: list[UUID],
    lines: list[UUID],
    list_id: UUID,
    act: Callable[[Decision], None],
    start: threading.Barrier,
    seed: int,
) -> None:
    order = list(decisions)
    random.Random(seed).shuffle(order)
    start.wait()
    for n, decision_id in enumerate(order):
        decision: Decision = store.repository.get(decision_id)
        try:
            act(decision)
            store.save(decision)
        except (BusinessRuleBroken, IntegrityError):
            pass  # the other replica closed it first: its save stands, this one wrote nothing
        if n < len(lines):
            _remove_line(store, list_id, lines[n])


def _remove_line(store: GrantsEventStore, list_id: UUID, decision_id: UUID) -> None:
    while True:
        the_list: PaymentList = store.repository.get(list_id)
        if decision_id not in the_list.lines:
            return
        the_list.remove(decision_id, actor="cw", reason="not in this list")
        try:
            store.save(the_list)
            return
        except IntegrityError:
            continue  # the other replica changed the list meanwhile: load it again


def test_indexes_agree_with_events_after_two_replicas_raced() -> None:
    require_infra()
    with postgres_database("idxrace") as url:
        first, second = grants_event_store(url), grants_event_store(url)
        programme = flood_programme()
        first.save(programme)
        decisions = [proposal(programme, "LAR", n) for n in range(DECISIONS)]
        first.save(*decisions)
        the_list = PaymentList.draw_up(programme, CYCLE, "LAR", EMERGENCY_AID, number=1, actor="cw")
        the_list.add(decisions[:20], actor="cw")
        first.save(the_list)
        ids = [d.id for d in decisions]
        start = threading.Barrier(2)
        replicas = [
            threading.Thread(
                target=_replica,
                args=(store, ids, ids[half::2][:10], the_list.id, act, start, half),
            )
            for half, (store, act) in enumerate([(first, _reject), (second, _cancel)])
        ]
        for replica in replicas:
            replica.start()
        for replica in replicas:
            replica.join()
        third = grants_event_store(url)
        assert_index_agrees_with_events(third)
        rows, lines = indexed(third)
        statuses = {row["status"] for row in rows["grants_decision_index"].values()}
        assert statuses <= {DecisionStatus.REJECTED, DecisionStatus.CANCELLED}
        assert len(rows["grants_decision_index"]) == DECISIONS
        assert lines == {}  # each replica removed its half of the lines
        for store in (first, second, third):
            store.close()
