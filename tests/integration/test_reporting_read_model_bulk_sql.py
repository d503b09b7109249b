"""Reporting's read model changed a run at a time, on SQLite and PostgreSQL: what `SqlReadModel`
leaves one by one (the first beneficiary and decision added stand, steps of decisions it does
not know left out), and a chunk of the surge's messages applied through the inbox in runs
leaving the same rows as the same messages applied one at a time."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from services.reporting.application import Projection, ProjectionInBulk, ReadModelInBulk
from services.reporting.application.ports import NewBeneficiary, NewDecision
from services.reporting.domain.decisions import DecisionProgress, DecisionStatus
from services.reporting.interfaces.batches import batch_effects
from services.reporting.interfaces.consumers import effects
from services.reporting.persistence.sql import SessionUnitOfWork, read_model_engine
from services.reporting.persistence.sql_bulk import SqlReadModelInBulk
from services.reporting.persistence.tables import beneficiaries, decisions
from shared.contracts.base import Contract
from shared.contracts.grants_decisions import DecisionApprovedInListV1, DecisionAuthorisedV1
from shared.messaging.deliveries import Delivery, Outcome
from shared.messaging.inbox import Inbox
from shared.messaging.records import Record
from tests.infra import postgres_database, require_infra
from tests.unit.delivered import delivered
from tests.unit.test_reporting_projection import approved, enrolled, proposed
from tests.unit.test_reporting_projection_in_bulk import runs_of


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'reporting.db'}"
        return
    require_infra()
    with postgres_database("reporting_bulk") as url:
        yield url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = read_model_engine(database_url)
    yield engine
    engine.dispose()


def rows(engine: Engine) -> tuple[list[Any], list[Any]]:
    with engine.connect() as conn:
        return (
            [tuple(r) for r in conn.execute(select(beneficiaries).order_by("beneficiary_id"))],
            [tuple(r) for r in conn.execute(select(decisions).order_by("decision_id"))],
        )


def test_the_first_added_stands_and_progress_is_read_and_written_for_many(engine: Engine) -> None:
    sessions = SessionUnitOfWork(engine)
    read_model: ReadModelInBulk = SqlReadModelInBulk(sessions)  # the adapter fits the port
    there, one, two, unknown = (uuid.uuid4() for _ in range(4))
    programme = uuid.uuid4()
    proposal = DecisionProgress.proposed(needs_authorisation=True)
    with sessions.transaction():
        read_model.add_beneficiary(there, "KHN", "suspended", frozenset({"orphan"}))
        read_model.add_decision(there, programme, "KHN", proposal.approved())
    with sessions.transaction():
        read_model.add_beneficiaries(
            [
                NewBeneficiary(one, "LAR", "enrolled", frozenset({"disability", "elderly"})),
                NewBeneficiary(there, "LAR", "enrolled", frozenset()),
                NewBeneficiary(one, "KHN", "enrolled", frozenset()),
            ]
        )
        read_model.add_decisions(
            [
                NewDecision(one, programme, "LAR", proposal),
                NewDecision(there, programme, "LAR", proposal),
                NewDecision(two, programme, "KHN", proposal.approved_in_list()),
                NewDecision(one, programme, "KHN", proposal.approved_in_list()),
            ]
        )
        read_model.add_beneficiaries([])
        read_model.add_decisions([])

    with sessions.transaction():
        assert read_model.categories_of(one) == frozenset({"disability", "elderly"})
        assert read_model.categories_of(there) == frozenset({"orphan"})
        known = read_model.decision_progresses([two, unknown, there, one, one])
        assert known == {
            one: proposal,
            two: proposal.approved_in_list(),
            there: proposal.approved(),
        }
        assert read_model.decision_progresses([]) == {}
        read_model.set_decision_progresses(
            {one: proposal.approved(), there: proposal.now(DecisionStatus.CANCELLED)}
        )
        read_model.set_decision_progresses({})

    with sessions.transaction():
        assert read_model.decision_progresses([one, two, there]) == {
            one: proposal.approved(),
            two: proposal.approved_in_list(),
            there: DecisionProgress(DecisionStatus.CANCELLED, 0, 2),
        }
    got_beneficiaries, got_decisions = rows(engine)
    assert {(b[0], b[1], b[2]) for b in got_beneficiaries} == {
        (there, "KHN", "suspended"),
        (one, "LAR", "enrolled"),
    }
    assert {(d[0], d[2]) for d in got_decisions} == {(there, "KHN"), (one, "LAR"), (two, "KHN")}


def surge_chunk() -> list[Contract]:
    """Enrolments and proposals as the surge brings them, then their lists approved."""
    people = [uuid.uuid4() for _ in range(5)]
    ids = [uuid.uuid4() for _ in range(6)]
    listed = [
        DecisionApprovedInListV1(
            decision_id=d, actor="a", reason=None, payment_list_id=uuid.UUID(int=1), approvers=[]
        )
        for d in [*ids[:4], ids[0], uuid.uuid4()]
    ]
    return [
        *[enrolled(p, "LAR", "disaster_affected") for p in people],
        enrolled(people[0], "KHN"),
        *[proposed(d, "LAR", needs_authorisation=n % 2 == 0) for n, d in enumerate(ids)],
        proposed(ids[0], "KHN"),
        *listed,
        approved(ids[4]),
        approved(ids[5]),
        approved(ids[4]),
        DecisionAuthorisedV1(decision_id=ids[4], actor="b", reason=None),
    ]


def test_a_chunk_applied_in_runs_through_the_inbox_leaves_what_one_by_one_leaves(
    database_url: str, tmp_path: Path
) -> None:
    chunk = [delivered(p, origin="grants", position=n) for n, p in enumerate(surge_chunk(), 1)]
    records = [Record("grants.decisions", 0, n, None, b"") for n in range(len(chunk))]
    elsewhere = read_model_engine(f"sqlite:///{tmp_path / 'one_by_one.db'}")
    in_runs = read_model_engine(database_url)
    try:
        sessions = SessionUnitOfWork(elsewhere)
        inbox = Inbox("reporting", elsewhere, sessions.transaction)
        react = effects(Projection(SqlReadModelInBulk(sessions)))
        for event, record in zip(chunk, records, strict=True):
            inbox.apply_once(event, record, react[event.type])

        sessions = SessionUnitOfWork(in_runs)
        inbox = Inbox("reporting", in_runs, sessions.transaction)
        read_model = SqlReadModelInBulk(sessions)
        react = effects(Projection(read_model))
        runs = runs_of(batch_effects(ProjectionInBulk(read_model)))
        deliveries = [Delivery(e, r, react[e.type]) for e, r in zip(chunk, records, strict=True)]
        outcomes = inbox.apply_all(deliveries, runs)

        assert outcomes == [Outcome.APPLIED] * len(chunk)
        assert rows(in_runs) == rows(elsewhere)
    finally:
        elsewhere.dispose()
        in_runs.dispose()
