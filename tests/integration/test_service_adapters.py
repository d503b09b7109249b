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
from shared.money import Money
from shared.upsert import insert_unless_present, upsert, upsert_rows
from tests.infra import postgres_database, require_infra


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


def test_upsert_rows_inserts_and_replaces_many_rows_in_one_statement(database_url: str) -> None:
    metadata = MetaData()
    table = Table(
        "places",
        metadata,
        Column("topic", String(16), primary_key=True),
        Column("partition", Integer, primary_key=True),
        Column("offset", Integer),  # a reserved word, as in reporting's positions
    )
    engine = create_engine(database_url)
    metadata.create_all(engine)
    try:
        key = ["topic", "partition"]
        first = [{"topic": "a", "partition": p, "offset": 1} for p in (0, 1)]
        then = [
            {"topic": "a", "partition": 1, "offset": 7},
            {"topic": "b", "partition": 0, "offset": 3},
        ]
        with Session(engine) as session, session.begin():
            upsert_rows(session, table, first, key=key)
            upsert_rows(session, table, then, key=key)
            upsert_rows(session, table, [], key=key)
        with engine.connect() as conn:
            rows = {(r.topic, r.partition): r.offset for r in conn.execute(select(table))}
        assert rows == {("a", 0): 1, ("a", 1): 7, ("b", 0): 3}
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
