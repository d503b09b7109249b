"""`load_many` gives the aggregates `Repository.get` gives, on SQLite and PostgreSQL, with
and without a cipher, and on the POPO store (which it reads through the repository)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path
from uuid import uuid4

import pytest

from services.grants.domain.actors import APPROVER, Actor
from services.grants.persistence.event_store import GrantsEventStore, in_memory_event_store
from shared.eventsourcing_internals import load_many
from shared.eventstore import eventstore_env
from tests.flood_payments import flood_programme
from tests.infra import postgres_database, require_infra
from tests.integration.test_grants_record_indexes import proposal

KEY = "x" * 43 + "="  # 32 bytes, base64


@pytest.fixture(params=["memory", "sqlite", "sqlite+cipher", "postgresql+cipher"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GrantsEventStore]:
    if request.param == "memory":
        yield in_memory_event_store()
        return
    if request.param.startswith("postgresql"):
        require_infra()
    database = (
        postgres_database("load")
        if request.param.startswith("postgresql")
        else nullcontext(f"sqlite:///{tmp_path / 'g.sqlite'}")
    )
    with database as url:
        cipher = KEY if request.param.endswith("cipher") else None
        found = GrantsEventStore(env=eventstore_env(url, cipher))
        yield found
        found.close()


def test_many_load_as_one_by_one(store: GrantsEventStore) -> None:
    programme = flood_programme()
    store.save(programme)
    decisions = [proposal(programme, "LAR", n) for n in range(30)]
    store.save(*decisions)
    for d in decisions[::3]:
        d.reject(Actor("ap-1", frozenset({APPROVER}), frozenset({"LAR"})), reason="no")
    store.save(*decisions[::3])
    ids = [d.id for d in reversed(decisions)] + [uuid4(), programme.id]
    loaded = load_many(store, ids)
    assert set(loaded) == {d.id for d in decisions} | {programme.id}
    for record_id, record in loaded.items():
        assert vars(record) == vars(store.repository.get(record_id))
