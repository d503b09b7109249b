"""The SQL adapters of grants' and reporting's ports, on SQLite and on PostgreSQL: they keep
the promises the use cases' unit tests rely on (the same as the in-memory adapters)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, select
from sqlalchemy.orm import Session

from services.grants.application import UnitOfWork
from services.grants.domain.envelope import Envelope
from services.grants.domain.programme import Programme
from services.grants.domain.reference_programmes import shipped_programmes
from services.grants.persistence.event_store import EventStoreUnitOfWork, grants_event_store
from services.reporting.application import CountsReport, Projection
from services.reporting.application import UnitOfWork as ReportingUnitOfWork
from services.reporting.interfaces.consumers import effects
from services.reporting.persistence.sql import (
    SessionUnitOfWork,
    SqlReadModel,
    SqlTallies,
    read_model_engine,
)
from shared.contracts.grants_decisions import DecisionApprovedV1, DecisionProposedV1
from shared.messaging.deliveries import Outcome
from shared.messaging.inbox import Inbox
from shared.messaging.records import Record
from shared.money import Money
from shared.upsert import insert_unless_present, upsert
from tests.infra import postgres_database, require_infra
from tests.unit.delivered import delivered


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'adapters.db'}"
        return
    require_infra()
    with postgres_database("adapters") as url:
        yield url


def test_upsert_inserts_then_changes_and_insert_unless_present_keeps(database_url: str) -> None:
    metadata = MetaData()
    table = Table(
        "tallies",
        metadata,
        Column("name", String(16), primary_key=True),
        Column("label", String(16)),
        Column("n", Integer),
    )
    engine = create_engine(database_url)
    metadata.create_all(engine)
    try:
        with Session(engine) as session, session.begin():
            upsert(session, table, {"name": "a", "label": "first", "n": 1}, key=["name"])
            upsert(session, table, {"name": "a", "label": "second", "n": 5}, key=["name"])
            for _ in range(2):
                upsert(
                    session, table, {"name": "b", "label": "x", "n": 1}, key=["name"],
                    changes={"n": table.c.n + 1},
                )  # fmt: skip
            insert_unless_present(session, table, {"name": "a", "label": "third", "n": 9})
        with engine.connect() as conn:
            rows = {r.name: (r.label, r.n) for r in conn.execute(select(table))}
        assert rows == {"a": ("second", 5), "b": ("x", 2)}
    finally:
        engine.dispose()


def test_the_read_model_commits_with_the_unit_of_work_or_not_at_all(database_url: str) -> None:
    engine = read_model_engine(database_url)
    try:
        sessions = SessionUnitOfWork(engine)
        unit_of_work: ReportingUnitOfWork = sessions  # the adapter fits the port (mypy)
        projection = Projection(SqlReadModel(sessions))
        kept, lost = uuid.uuid4(), uuid.uuid4()
        programme = uuid.uuid4()
        with unit_of_work.transaction():
            projection.beneficiary_enrolled(kept, "KHN", frozenset({"disability"}))
            projection.beneficiary_category_recognised(kept, "elderly_without_support")
            for decision in (kept, lost):
                projection.decision_proposed(decision, programme, "KHN", needs_authorisation=True)
            projection.decision_approved(kept)
        with pytest.raises(RuntimeError), unit_of_work.transaction():
            projection.beneficiary_enrolled(lost, "LAR", frozenset({"orphan"}))
            projection.decision_proposed(uuid.uuid4(), programme, "LAR", needs_authorisation=False)
            projection.decision_approved(kept)
            raise RuntimeError("the inbox row could not be written")

        counts = CountsReport(SqlTallies(engine)).counts(["*"])
        assert (counts.beneficiaries_enrolled, counts.decisions_proposed) == (1, 2)
        assert counts.decisions_by_status == {"awaiting_authorisation": 1, "proposed": 1}
        [khn] = counts.provinces
        assert khn.by_category == {"disability": 1, "elderly_without_support": 1}
        assert [(p.programme_id, p.decisions_proposed) for p in khn.programmes] == [(programme, 2)]
    finally:
        engine.dispose()


def test_the_read_model_refuses_a_change_outside_a_unit_of_work(tmp_path: Path) -> None:
    engine = read_model_engine(f"sqlite:///{tmp_path / 'reporting.db'}")
    with pytest.raises(RuntimeError, match="unit of work"):
        Projection(SqlReadModel(SessionUnitOfWork(engine))).decision_proposed(
            uuid.uuid4(), uuid.uuid4(), "KHN", needs_authorisation=False
        )
    engine.dispose()


def test_a_redelivered_approval_is_applied_once_through_the_inbox(database_url: str) -> None:
    """Counting an approval is not idempotent by itself (a second one would authorise): the
    inbox, committing with the read model, is what makes the repeat change nothing."""
    engine = read_model_engine(database_url)
    try:
        sessions = SessionUnitOfWork(engine)
        inbox = Inbox("reporting", engine, sessions.transaction)
        react = effects(Projection(SqlReadModel(sessions)))
        decision = uuid.uuid4()
        proposal = DecisionProposedV1(
            decision_id=decision, programme_id=uuid.uuid4(), cycle="2026", component="wheelchair",
            subject_id=uuid.uuid4(), province_code="KHN", amount=None, items=["Wheelchair"],
            needs_authorisation=True, actor="grants", reason=None,
        )  # fmt: skip
        approval = DecisionApprovedV1(decision_id=decision, actor="approver-1", reason=None)
        outcomes = []
        for offset, (payload, position) in enumerate([(proposal, 1), (approval, 2), (approval, 2)]):
            event = delivered(payload, origin="grants", position=position)
            record = Record("grants.decisions", 0, offset, None, b"")
            outcomes.append(inbox.apply_once(event, record, react[event.type]))

        assert outcomes == [Outcome.APPLIED, Outcome.APPLIED, Outcome.ALREADY_APPLIED]
        counts = CountsReport(SqlTallies(engine)).counts(["*"])
        assert counts.decisions_by_status == {"awaiting_authorisation": 1}
    finally:
        engine.dispose()


def test_grants_saves_commit_with_the_event_stores_unit_of_work_or_not_at_all(
    database_url: str,
) -> None:
    store = grants_event_store(database_url)
    try:
        unit_of_work: UnitOfWork = EventStoreUnitOfWork(store)
        kept, lost, *_ = shipped_programmes("grants")

        with unit_of_work.transaction():
            store.save(kept)
        with pytest.raises(RuntimeError), unit_of_work.transaction():
            store.save(lost)
            raise RuntimeError("the inbox row could not be written")

        assert isinstance(store.repository.get(kept.id), Programme)
        assert lost.id not in store.repository
    finally:
        store.close()


def test_a_second_import_job_with_one_id_is_eventsourcings_integrity_error(
    database_url: str,
) -> None:
    """The use cases know one "taken meanwhile" error (application/errors.py), whatever the
    adapter; the SQL job store raised SQLAlchemy's own."""
    from eventsourcing.persistence import IntegrityError

    from services.intake.application.imports.jobs import JobKind
    from services.intake.persistence.job_store import ImportJobs

    jobs = ImportJobs(create_engine(database_url))
    job_id = uuid.uuid4()
    jobs.create(job_id, JobKind.BENEFICIARIES, "cw-lar", 10)
    with pytest.raises(IntegrityError):
        jobs.create(job_id, JobKind.BENEFICIARIES, "cw-lar", 3)
    job = jobs.get(job_id)
    assert job is not None and job.total_rows == 10


def test_an_envelope_read_inside_a_rolled_back_transaction_is_read_afresh(
    database_url: str,
) -> None:
    """A chunk of the consumer's messages may write an envelope and read it again before a
    later message fails: the cache must not keep the version the rollback took away."""
    store = grants_event_store(database_url)
    try:
        unit_of_work = EventStoreUnitOfWork(store)
        envelope = Envelope.open(
            programme_id=uuid.uuid4(), cycle_id="2026", province_code="KHN", actor="a", reason="r"
        )
        store.save(envelope)
        with pytest.raises(RuntimeError), unit_of_work.transaction():
            changed: object = store.envelopes.get(envelope.id)
            assert isinstance(changed, Envelope)
            changed.allocate(amount=Money.mad(100), actor="a", reason="r")
            store.save(changed)
            assert store.envelopes.get(envelope.id).version == 2  # cached, not committed
            raise RuntimeError("a later message in the chunk failed")

        again: object = store.envelopes.get(envelope.id)
        assert isinstance(again, Envelope)
        assert (again.version, again.allocated) == (1, Money.zero())
    finally:
        store.close()
