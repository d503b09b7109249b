"""eventsourcing's own recorder test cases against the recorders our `EventStoreFactory`
makes (our `CoreApplicationRecorder`; the library's snapshot and process recorders on our
datastore), on SQLite in memory, SQLite in a file and PostgreSQL. What our COPY path adds to
the contract is in test_notification_ids.py."""

from __future__ import annotations

import sqlite3
from contextlib import ExitStack, closing
from tempfile import TemporaryDirectory
from unittest import skip

from eventsourcing.persistence import (
    AggregateRecorder,
    ApplicationRecorder,
    ProcessRecorder,
)
from eventsourcing.tests import persistence as library
from eventsourcing.utils import Environment

from shared.eventstore import (
    CoreApplicationRecorder,
    EventStoreFactory,
)
from tests.infra import postgres_database, require_infra

NO_SUBSCRIBE_ON_SQLITE = (
    "eventsourcing-sqlalchemy implements subscribe() on PostgreSQL only (LISTEN/NOTIFY); "
    "nothing of ours subscribes: the relay polls the log"
)


class _OurFactory:
    """A fresh database per test, and the recorders `EventStoreFactory` makes on it (the
    library's test case comes last in each test class: these mixins are not collected)."""

    factory: EventStoreFactory

    def database(self, stack: ExitStack) -> str:
        raise NotImplementedError

    def setUp(self) -> None:
        self.stack = ExitStack()
        url = self.database(self.stack)
        self.factory = EventStoreFactory(Environment("contract", {"SQLALCHEMY_URL": url}))
        self.stack.callback(self.factory.close)  # before the database is dropped
        super().setUp()  # type: ignore[misc]

    def tearDown(self) -> None:
        super().tearDown()  # type: ignore[misc]
        self.stack.close()


class _InMemorySQLite(_OurFactory):
    def database(self, stack: ExitStack) -> str:
        return "sqlite:///:memory:"


class _FileSQLite(_OurFactory):
    def database(self, stack: ExitStack) -> str:
        path = f"{stack.enter_context(TemporaryDirectory())}/contract.sqlite"
        # WAL set before any thread writes: the datastore's own first-use switch races with
        # the concurrency test's writers on a loaded machine ("database is locked").
        with closing(sqlite3.connect(path)) as db:
            db.execute("PRAGMA journal_mode=WAL")
        return f"sqlite:///{path}"


class _PostgreSQL(_OurFactory):
    def database(self, stack: ExitStack) -> str:
        require_infra()
        return stack.enter_context(postgres_database("contract"))


class _ApplicationRecorderCase(_OurFactory):
    def create_recorder(self) -> ApplicationRecorder:
        recorder = self.factory.application_recorder()
        assert isinstance(recorder, CoreApplicationRecorder)
        return recorder


class _NonInterleavingCase(_OurFactory):
    def create_recorder(self) -> ApplicationRecorder:
        return self.factory.application_recorder()


class _SnapshotRecorderCase(_OurFactory):
    def create_recorder(self) -> AggregateRecorder:
        return self.factory.aggregate_recorder("snapshots")


class _ProcessRecorderCase(_OurFactory):
    def create_recorder(self) -> ProcessRecorder:
        return self.factory.process_recorder()


class TestApplicationRecorderInMemorySQLite(
    _InMemorySQLite, _ApplicationRecorderCase, library.ApplicationRecorderTestCase
):
    @skip(NO_SUBSCRIBE_ON_SQLITE)
    def test_insert_subscribe(self) -> None:
        pass


class TestApplicationRecorderFileSQLite(
    _FileSQLite, _ApplicationRecorderCase, library.ApplicationRecorderTestCase
):
    @skip(NO_SUBSCRIBE_ON_SQLITE)
    def test_insert_subscribe(self) -> None:
        pass


class TestApplicationRecorderPostgreSQL(
    _PostgreSQL, _ApplicationRecorderCase, library.ApplicationRecorderTestCase
):
    def test_insert_subscribe(self) -> None:
        self.optional_test_insert_subscribe()


class TestNonInterleavingIdsInMemorySQLite(
    _InMemorySQLite, _NonInterleavingCase, library.NonInterleavingNotificationIDsBaseCase
):
    pass


class TestNonInterleavingIdsFileSQLite(
    _FileSQLite, _NonInterleavingCase, library.NonInterleavingNotificationIDsBaseCase
):
    pass


class TestNonInterleavingIdsPostgreSQL(
    _PostgreSQL, _NonInterleavingCase, library.NonInterleavingNotificationIDsBaseCase
):
    pass


class TestSnapshotRecorderInMemorySQLite(
    _InMemorySQLite, _SnapshotRecorderCase, library.AggregateRecorderTestCase
):
    pass


class TestSnapshotRecorderFileSQLite(
    _FileSQLite, _SnapshotRecorderCase, library.AggregateRecorderTestCase
):
    pass


class TestSnapshotRecorderPostgreSQL(
    _PostgreSQL, _SnapshotRecorderCase, library.AggregateRecorderTestCase
):
    pass


class TestProcessRecorderInMemorySQLite(
    _InMemorySQLite, _ProcessRecorderCase, library.ProcessRecorderTestCase
):
    pass


class TestProcessRecorderFileSQLite(
    _FileSQLite, _ProcessRecorderCase, library.ProcessRecorderTestCase
):
    pass


class TestProcessRecorderPostgreSQL(
    _PostgreSQL, _ProcessRecorderCase, library.ProcessRecorderTestCase
):
    pass
