"""The `Registers` port in memory, over `InMemoryRecords`' tables and the POPO event store."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError, StoredEvent

from services.intake.application.ports import Found, Register
from services.intake.persistence.event_store import IntakeEventStore
from services.intake.persistence.memory import InMemoryRecords


class InMemoryRegisters:
    def __init__(self, store: IntakeEventStore, records: InMemoryRecords) -> None:
        self._store = store
        self._records = records

    def transaction(self) -> AbstractContextManager[Register]:
        return self._transaction()

    @contextmanager
    def _transaction(self) -> Iterator[Register]:
        yield _InMemoryRegister(self._store, self._records)


class _InMemoryRegister:
    def __init__(self, store: IntakeEventStore, records: InMemoryRecords) -> None:
        self._store = store
        self._records = records

    def lookup(self, identities: Sequence[str], likenesses: Sequence[str], limit: int) -> Found:
        rows = self._records.tables.beneficiaries
        held = self._records.holder_of(identities)
        alike: dict[str, list[UUID]] = {}
        for likeness in set(likenesses):
            oldest = sorted(
                (r["enrolled_at"], i)
                for i, r in rows.items()
                if r["likeness_hash"] == likeness and r["merged_into"] is None
            )
            if oldest:
                alike[likeness] = [i for _, i in oldest[:limit]]
        return held, alike

    def write(
        self,
        keys: Sequence[dict[str, Any]],
        index_rows: Sequence[dict[str, Any]],
        events: Sequence[StoredEvent],
    ) -> None:
        tables = self._records.tables
        identities = [r["identity_hash"] for r in index_rows]
        if self._records.holder_of(identities) or len(set(identities)) < len(identities):
            raise IntegrityError("identity_hash is held by another record")
        if any(k["subject_id"] in tables.keys for k in keys):
            raise IntegrityError("a key exists for one of these records")
        self._store.recorder.insert_events(list(events))
        for k in keys:
            tables.keys[k["subject_id"]] = k["key"]
        self._records.add_beneficiaries(index_rows)
