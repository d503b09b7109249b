"""Grants' record indexes (decisions, payment lists and their lines, orders, statement
exceptions) on every store they run on: the POPO store's dictionaries, SQLite, PostgreSQL.
Filters and pages agree with the records, the rows agree with the events, and a rebuild
from the events restores them without overwriting a newer row."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, update
from typer.testing import CliRunner

from services.grants.application.ports import DecisionQuery
from services.grants.domain.actors import APPROVER, Actor
from services.grants.domain.decision import Decision
from services.grants.domain.decision_rules import DecisionStatus
from services.grants.domain.eligibility import HouseholdFacts, assess_household
from services.grants.domain.order import PaymentOrder
from services.grants.domain.payment_list import PaymentList
from services.grants.domain.programme import Programme
from services.grants.domain.proposal import propose
from services.grants.domain.reference_programmes import EMERGENCY_AID, FLOODS_2026_02
from services.grants.domain.statement_records import StatementException
from services.grants.persistence.event_store import (
    GrantsEventStore,
    grants_event_store,
    in_memory_event_store,
)
from services.grants.persistence.record_index_rebuild import rebuild_record_indexes
from services.grants.persistence.record_index_rows import decision_index, metadata
from shared.eventsourcing_internals import engine_of, transaction_of
from taawun.cli import app
from tests.flood_payments import CYCLE, flood_programme, household
from tests.grants_indexes import assert_index_agrees_with_events, from_events, indexed
from tests.infra import postgres_database, require_infra


def proposal(programme: Programme, province: str, n: int) -> Decision:
    facts = HouseholdFacts(household(province, n), province, FLOODS_2026_02, True, "destroyed")
    assessment = assess_household(programme.terms, facts, claimed=True)
    return propose(programme, CYCLE, assessment, EMERGENCY_AID, actor="grants")


def exception(line: int, province: str | None) -> StatementException:
    return StatementException(
        statement_id="CAMT-1", line_number=line, kind="unknown_reference",
        explanation="no such order", reference=f"REF{line}", amount_centimes=600_000,
        line_status="booked", reason=None, order_id=None, programme_id=None, cycle=None,
        province_code=province, actor="grants",
    )  # fmt: skip


@dataclass
class Seeded:
    programme: Programme
    larache: list[Decision]
    kenitra: list[Decision]
    the_list: PaymentList
    order: PaymentOrder
    exceptions: list[StatementException]


def seeded(store: GrantsEventStore) -> Seeded:
    """Six Larache and four Kénitra proposals; one rejected; a Larache list of two lines, one
    removed again; the listed one approved with its list and its order issued; two
    statement exceptions, one of no province."""
    programme = flood_programme()
    store.save(programme)
    larache = [proposal(programme, "LAR", n) for n in range(6)]
    kenitra = [proposal(programme, "KEN", n) for n in range(4)]
    store.save(*larache)
    store.save(*kenitra)
    larache[1].reject(Actor("ap-1", frozenset({APPROVER}), frozenset({"LAR"})), reason="no")
    store.save(larache[1])
    the_list = PaymentList.draw_up(programme, CYCLE, "LAR", EMERGENCY_AID, number=1, actor="cw")
    the_list.add([larache[2], larache[3]], actor="cw")
    store.save(the_list)
    the_list.remove(larache[3].id, actor="cw", reason="moved to the next list")
    store.save(the_list)
    larache[2].approve_in_list(the_list.id, ("ap-1", "ap-2"), actor="grants")
    order = PaymentOrder.issue(larache[2], actor="grants")
    store.save(larache[2], order)
    exceptions = [exception(1, None), exception(2, "KEN")]
    store.save(*exceptions)
    return Seeded(programme, larache, kenitra, the_list, order, exceptions)


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GrantsEventStore]:
    if request.param == "memory":
        yield in_memory_event_store()
    elif request.param == "sqlite":
        yield grants_event_store(f"sqlite:///{tmp_path / 'grants.sqlite'}")
    else:
        require_infra()
        with postgres_database("idx") as url:
            found = grants_event_store(url)
            yield found
            found.close()


def oldest_first(decisions: list[Decision]) -> list[object]:
    return [d.id for d in sorted(decisions, key=lambda d: (d.created_on, str(d.id)))]


def test_decisions_are_filtered_and_paged_by_the_index(store: GrantsEventStore) -> None:
    s = seeded(store)
    index = store.indexes
    lar = frozenset({"LAR"})
    assert index.decisions(DecisionQuery(lar)) == (oldest_first(s.larache), 6)
    assert index.decisions(DecisionQuery(lar, limit=2, offset=2)) == (
        oldest_first(s.larache)[2:4],
        6,
    )
    assert index.decisions(DecisionQuery(None, limit=3))[1] == 10
    proposed = DecisionQuery(lar, status=DecisionStatus.PROPOSED)
    assert index.decisions(proposed)[1] == 4  # one rejected, one approved with its list
    rejected = DecisionQuery(None, status=DecisionStatus.REJECTED)
    assert index.decisions(rejected) == ([s.larache[1].id], 1)
    of_one = DecisionQuery(None, subject_id=s.kenitra[0].subject_id)
    assert index.decisions(of_one) == ([s.kenitra[0].id], 1)
    other = DecisionQuery(frozenset({"SAF"}), programme_id=s.programme.id)
    assert index.decisions(other) == ([], 0)
    assert index.decisions(DecisionQuery(frozenset())) == ([], 0)
    assert index.decisions(DecisionQuery(None, cycle="another", limit=1)) == ([], 0)
    assert_index_agrees_with_events(store)


def test_payment_lists_and_their_unlisted_proposals(store: GrantsEventStore) -> None:
    s = seeded(store)
    index = store.indexes
    key = (s.programme.id, CYCLE.key, "LAR", EMERGENCY_AID)
    # Rejected (1) and listed (2) are out; the line removed again (3) is back.
    still = [s.larache[i] for i in (0, 3, 4, 5)]
    assert index.unlisted_proposals(*key) == oldest_first(still)
    assert index.unlisted_proposals(s.programme.id, CYCLE.key, "KEN", EMERGENCY_AID) == (
        oldest_first(s.kenitra)
    )
    assert index.last_number(*key) == 1
    assert index.last_number(s.programme.id, CYCLE.key, "KEN", EMERGENCY_AID) == 0
    lists: dict[str, Any] = {
        "programme_id": None,
        "cycle": None,
        "component": None,
        "limit": 50,
        "offset": 0,
    }
    assert index.payment_lists(frozenset({"LAR"}), **lists) == ([s.the_list.id], 1)
    assert index.payment_lists(None, **lists | {"offset": 1}) == ([], 1)
    assert index.payment_lists(frozenset({"KEN"}), **lists) == ([], 0)
    assert index.payment_lists(None, **lists | {"component": "housing_aid"}) == ([], 0)


def test_orders_and_exceptions_are_listed_in_the_order_they_came(store: GrantsEventStore) -> None:
    s = seeded(store)
    index = store.indexes
    orders: dict[str, Any] = {
        "programme_id": s.programme.id,
        "cycle": CYCLE.key,
        "limit": 50,
        "offset": 0,
    }
    assert index.orders(provinces=frozenset({"LAR"}), status=None, **orders) == ([s.order.id], 1)
    assert index.orders(provinces=None, status=s.order.status, **orders) == ([s.order.id], 1)
    assert index.orders(provinces=None, status="confirmed", **orders) == ([], 0)
    assert index.orders(provinces=frozenset({"KEN"}), status=None, **orders) == ([], 0)
    both = [e.id for e in s.exceptions]
    assert index.exceptions(status=None, provinces=None, limit=50, offset=0) == (both, 2)
    # An exception of no province is everyone's to see.
    assert index.exceptions(status="open", provinces=frozenset({"LAR"}), limit=50, offset=0) == (
        both[:1],
        1,
    )
    assert index.exceptions(status="resolved", provinces=None, limit=50, offset=0) == ([], 0)
    assert index.exceptions(status=None, provinces=None, limit=1, offset=1) == (both[1:], 2)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_rebuild_restores_the_indexes_from_the_events(backend: str, tmp_path: Path) -> None:
    if backend == "postgresql":
        require_infra()
    with (
        postgres_database("idx")
        if backend == "postgresql"
        else nullcontext(f"sqlite:///{tmp_path / 'g.sqlite'}")
    ) as url:
        store = grants_event_store(url)
        assert store.indexes.created
        s = seeded(store)
        expected = from_events(store)
        # A database whose events predate the indexes: their tables are created empty.
        metadata.drop_all(engine_of(store))
        store.close()
        store = grants_event_store(url)
        assert store.indexes.created
        assert indexed(store) != expected
        assert rebuild_record_indexes(store, page_size=3) == 10 + 1 + 1 + 2  # pages of 3
        assert indexed(store) == expected
        # A row newer than the events a rebuild read (a live save racing it) is left alone.
        newer = {"version": 99, "status": "appealed"}
        with transaction_of(store) as session:
            d = decision_index.c
            session.execute(update(decision_index).where(d.id == s.kenitra[0].id).values(newer))
            session.execute(delete(decision_index).where(d.id == s.kenitra[1].id))
        rebuild_record_indexes(store)
        rows, _ = indexed(store)
        assert rows[decision_index.name][s.kenitra[0].id]["version"] == 99
        assert (
            rows[decision_index.name][s.kenitra[1].id]
            == expected[0][decision_index.name][s.kenitra[1].id]
        )
        store.close()
        assert not grants_event_store(url).indexes.created


def test_the_reindex_command_rebuilds_an_existing_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'grants.sqlite'}"
    store = grants_event_store(url)
    seeded(store)
    expected = from_events(store)
    metadata.drop_all(engine_of(store))
    store.close()
    result = CliRunner().invoke(app, ["reindex", "grants"], env={"TAAWUN_DATABASE_URL": url})
    assert result.exit_code == 0, result.output
    assert "grants: 14 records indexed" in result.output
    store = grants_event_store(url)
    assert indexed(store) == expected
    store.close()
