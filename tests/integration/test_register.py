"""The register's transaction on PostgreSQL (register.py): two messages, BEGIN and COMMIT
sent with the statements; a write that breaks is rolled back and the connection goes back
to the pool as it was lent."""

from __future__ import annotations

from uuid import uuid4

import psycopg
import pytest
from eventsourcing.persistence import IntegrityError, StoredEvent

from services.intake.bootstrap import build_intake_use_cases, event_store_of
from services.intake.persistence.beneficiary_index import BeneficiaryIndex
from services.intake.persistence.event_store import IntakeEventStore
from services.intake.persistence.register import SqlRegisters
from shared.eventstore import engine_of, eventstore_env
from tests.infra import postgres_database, require_infra


def _opened(url: str) -> tuple[IntakeEventStore, SqlRegisters]:
    """Intake's event store (its tables created) and the register transactions on it."""
    store = event_store_of(build_intake_use_cases({**eventstore_env(url), "LOOKUP_SECRET": "s"}))
    return store, SqlRegisters(store, BeneficiaryIndex(engine_of(store)))


def _index_row(identity: str) -> dict[str, object]:
    return {
        "beneficiary_id": uuid4(), "identity_hash": identity, "likeness_hash": "l",
        "province_code": "LAR", "commune_code": "LAR-001", "categories": ",x,",
        "status": "enrolled", "possible_duplicate_of": None,
    }  # fmt: skip


def test_a_broken_write_changes_nothing_and_the_connection_is_returned_as_lent() -> None:
    require_infra()
    with postgres_database("register") as url:
        app, registers = _opened(url)
        try:
            row = _index_row("same")
            event = StoredEvent(row["beneficiary_id"], 1, "t", b"{}")  # type: ignore[arg-type]
            with registers.transaction() as register:
                assert register.lookup(["same"], ["l"], 3) == ({}, {})
                register.write([{"subject_id": row["beneficiary_id"], "key": b"k"}], [row], [event])
            with registers.transaction() as register:
                held, alike = register.lookup(["same"], ["l"], 3)
                assert held == {"same": row["beneficiary_id"]}
                assert alike == {"l": [row["beneficiary_id"]]}
            recorded = app.recorder.max_notification_id()
            again = _index_row("same")  # the identity is taken: the unique hash refuses it
            with pytest.raises(IntegrityError), registers.transaction() as register:
                register.write(
                    [{"subject_id": again["beneficiary_id"], "key": b"k"}],
                    [again],
                    [StoredEvent(again["beneficiary_id"], 1, "t", b"{}")],  # type: ignore[arg-type]
                )
            assert app.recorder.max_notification_id() == recorded
            with engine_of(app).connect() as conn:
                psycopg_conn = conn.connection.driver_connection
                assert psycopg_conn is not None and psycopg_conn.autocommit is False
                assert conn.exec_driver_sql("SELECT count(*) FROM intake_person_keys").scalar() == 1
        finally:
            app.close()


def test_each_lookup_answers_for_its_own_hashes_on_a_reused_connection() -> None:
    """The lookup is prepared once per connection: later lookups (past the server's first
    five, when it may switch to a generic plan) must still answer for what they ask."""
    require_infra()
    with postgres_database("register") as url:
        app, registers = _opened(url)
        try:
            rows = [_index_row(f"id{i}") | {"likeness_hash": f"l{i % 3}"} for i in range(9)]
            with registers.transaction() as register:
                register.lookup(["nobody"], ["none"], 3)
                register.write([], rows, [])
            for i in range(9):
                with registers.transaction() as register:
                    held, alike = register.lookup([f"id{i}", "nobody"], [f"l{i % 3}"], 2)
                assert held == {f"id{i}": rows[i]["beneficiary_id"]}
                alike_ids = [r["beneficiary_id"] for r in rows if r["likeness_hash"] == f"l{i % 3}"]
                oldest = sorted(alike_ids, key=str)[:2]  # same enrolled_at: by id
                assert alike[f"l{i % 3}"] == oldest
        finally:
            app.close()


def test_after_the_server_drops_its_connections_one_transaction_fails_then_all_is_well() -> None:
    require_infra()
    with postgres_database("register") as url:
        app, registers = _opened(url)
        try:
            with (
                registers.transaction() as one,
                registers.transaction() as two,
                registers.transaction() as three,
            ):  # three connections in the pool
                for register in (one, two, three):
                    register.lookup(["a"], ["b"], 3)
            dsn = url.replace("postgresql+psycopg://", "postgresql://")
            with psycopg.connect(dsn, autocommit=True) as admin:
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            with pytest.raises(psycopg.OperationalError), registers.transaction() as register:
                register.lookup(["a"], ["b"], 3)
            for _ in range(3):  # the pool was emptied: every later transaction works
                with registers.transaction() as register:
                    assert register.lookup(["a"], ["b"], 3) == ({}, {})
        finally:
            app.close()


def test_the_lookup_survives_rollbacks_that_deallocate_prepared_statements() -> None:
    """psycopg answers a rollback on a connection holding its prepared statements with
    DEALLOCATE ALL: the lookup, prepared on the same pooled connection, must still run."""
    require_infra()
    with postgres_database("register") as url:
        app, registers = _opened(url)
        try:
            for _ in range(4):
                with registers.transaction() as register:
                    assert register.lookup(["a"], ["b"], 3) == ({}, {})
                with engine_of(app).connect() as conn:  # the same pooled connection
                    conn.exec_driver_sql("SELECT count(*) FROM intake_person_keys").scalar()
                # leaving it rolled back its transaction: DEALLOCATE ALL
        finally:
            app.close()
