"""The one enrolment pipeline (enrolling.py), on an in-memory register and event store:
what single enrolments and imports both go through."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.persistence import IntegrityError, StoredEvent

from services.intake.application.enrolling import (
    LIKELY_DUPLICATE,
    MAX_FLAGS,
    NewPerson,
    beneficiary_events,
    enrol_batch,
)
from services.intake.application.errors import AlreadyEnrolled
from services.intake.application.ports import Found, Register
from services.intake.application.records import categories_column
from services.intake.domain.beneficiary import Beneficiary, category_entry
from services.intake.domain.reference import Category
from services.intake.persistence.event_store import IntakeEventStore as IntakeBase
from shared.rules import BusinessRuleBroken

CATEGORIES = [category_entry(Category.ELDERLY_WITHOUT_SUPPORT, evidence="census",
                             since=date(2025, 1, 1))]  # fmt: skip


class MemoryRegister:
    """Identity and likeness hashes in dicts; what each transaction wrote, in order."""

    def __init__(self, store: IntakeBase) -> None:
        self.store = store
        self.holders: dict[str, UUID] = {}
        self.alike: dict[str, list[UUID]] = {}
        self.rows: list[dict[str, Any]] = []
        self.keys: list[dict[str, Any]] = []
        self.races = 0  # identities another replica takes just before the next write

    @contextmanager
    def transaction(self) -> Iterator[Register]:
        yield self

    def lookup(self, identities: Sequence[str], likenesses: Sequence[str], limit: int) -> Found:
        held = {i: self.holders[i] for i in identities if i in self.holders}
        alike = {h: self.alike[h][:limit] for h in likenesses if h in self.alike}
        return held, alike

    def write(
        self,
        keys: Sequence[dict[str, Any]],
        index_rows: Sequence[dict[str, Any]],
        events: Sequence[StoredEvent],
    ) -> None:
        if self.races:
            self.races -= 1
            self.holders[index_rows[0]["identity_hash"]] = uuid4()
            raise IntegrityError
        for row in index_rows:
            self.holders[row["identity_hash"]] = row["beneficiary_id"]
            self.alike.setdefault(row["likeness_hash"], []).append(row["beneficiary_id"])
        self.rows += index_rows
        self.keys += keys
        self.store.recorder.insert_events(list(events))


@pytest.fixture
def store() -> Iterator[IntakeBase]:
    app = IntakeBase(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    yield app
    app.close()


def person(store: IntakeBase, identity: str, likeness: str = "", **fields: Any) -> NewPerson:
    beneficiary_id = uuid4()
    enrolled = {"sealed_personal": "sealed", "sex": "F", "province_code": "LAR",
                "commune_code": "LAR-002", "categories": CATEGORIES, "actor": "cw-lar",
                "reason": None, "traceparent": None} | fields  # fmt: skip
    return NewPerson(
        identity_hash=identity,
        likeness_hash=likeness or f"like-{identity}",
        id_bytes=beneficiary_id.bytes,
        key=b"k" * 32,
        province_code="LAR",
        commune_code="LAR-002",
        categories=categories_column(CATEGORIES),
        events=beneficiary_events(
            store.mapper, beneficiary_id, ("support", date(2026, 2, 1)), **enrolled
        ),
        actor=enrolled["actor"],
    )


def test_the_events_are_the_aggregates_own_and_read_back_as_it(store: IntakeBase) -> None:
    register = MemoryRegister(store)
    new = person(store, "id-1")
    [outcome] = enrol_batch(register, store.mapper, [new])
    assert outcome == new.beneficiary_id
    read: Beneficiary = store.repository.get(new.beneficiary_id)
    assert read.version == 2 and read.province_code == "LAR" and read.categories == CATEGORIES
    assert read.consents[0]["purpose"] == "support"
    assert register.rows[0]["categories"] == ",elderly_without_support,"
    assert register.rows[0]["status"] == "enrolled"


def test_an_identity_held_or_earlier_in_the_batch_is_a_duplicate(store: IntakeBase) -> None:
    register = MemoryRegister(store)
    [first] = enrol_batch(register, store.mapper, [person(store, "id-1")])
    again, fresh, repeat = enrol_batch(
        register,
        store.mapper,
        [person(store, "id-1"), person(store, "id-2"), person(store, "id-2")],
    )
    assert isinstance(again, AlreadyEnrolled) and again.existing_id == first
    assert isinstance(repeat, AlreadyEnrolled) and repeat.existing_id == fresh
    assert len(register.rows) == 2


def test_people_alike_are_flagged_against_the_oldest_few(store: IntakeBase) -> None:
    register = MemoryRegister(store)
    batch = [person(store, f"id-{n}", likeness="same") for n in range(MAX_FLAGS + 2)]
    ids = enrol_batch(register, store.mapper, batch)
    last: Beneficiary = store.repository.get(ids[-1])  # type: ignore[arg-type]
    assert last.possible_duplicates == set(ids[:MAX_FLAGS])
    assert last.version == 2 + MAX_FLAGS
    flagged = list(store.repository.event_store.get(last.id))[-1]
    assert flagged.reason == LIKELY_DUPLICATE and flagged.actor == "cw-lar"  # type: ignore[attr-defined]
    assert register.rows[-1]["possible_duplicate_of"] == ids[0]
    assert register.rows[0]["possible_duplicate_of"] is None


def test_a_race_lost_to_another_replica_is_looked_up_again(store: IntakeBase) -> None:
    register = MemoryRegister(store)
    register.races = 1
    [outcome] = enrol_batch(register, store.mapper, [person(store, "id-1")])
    assert isinstance(outcome, AlreadyEnrolled)
    assert outcome.existing_id == register.holders["id-1"]


def test_the_domain_refuses_an_unknown_province(store: IntakeBase) -> None:
    with pytest.raises(BusinessRuleBroken):
        person(store, "id-1", province_code="ZZZ")
    with pytest.raises(ValueError):
        person(store, "id-1", sex="X")


def test_new_ids_are_version_4_uuids_and_their_text_is_the_uuids_text() -> None:
    from services.intake.application.imports.preparing import new_id_and_key

    seen = set()
    for _ in range(2_000):
        id_bytes, id_text, key = new_id_and_key()
        as_uuid = UUID(bytes=id_bytes)
        assert as_uuid.version == 4 and as_uuid.variant == "specified in RFC 4122"
        assert id_text == str(as_uuid) and len(key) == 32
        seen.add(id_bytes)
    assert len(seen) == 2_000
