"""An envelope read through grants' cache sees what another replica stored since, on SQLite
and PostgreSQL, and a change to a copy read out of it spoils nothing; one just saved is read
back as saved, unless the transaction it was saved in rolled back."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.grants.domain.envelope import Envelope
from services.grants.persistence.disbursement_records import EventSourcedDisbursementRecords
from services.grants.persistence.event_store import grants_event_store
from shared.eventsourcing_internals import in_transaction, transaction_of
from shared.money import Money
from tests.infra import postgres_database, require_infra

PROGRAMME = uuid.UUID("00000000-0000-4000-8000-000000000009")


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'grants.db'}"
        return
    require_infra()
    with postgres_database("bulk") as pg:
        yield pg


def opened(province: str) -> Envelope:
    envelope = Envelope.open(
        programme_id=PROGRAMME, cycle_id="2026", province_code=province, actor="a", reason="r"
    )
    envelope.allocate(amount=Money.mad("100"), actor="a", reason="r")
    return envelope


def test_a_cached_envelope_is_fast_forwarded_by_another_replicas_writes(url: str) -> None:
    mine, theirs = grants_event_store(url), grants_event_store(url)
    try:
        envelope = opened("LAR")
        mine.save(envelope)
        records = EventSourcedDisbursementRecords(mine)
        first = records.envelope(envelope.id)
        assert first is not None and first.allocated == Money.mad("100")
        first.allocate(amount=Money.mad("1"), actor="a", reason="never saved")  # spoils nothing
        other: Envelope = theirs.repository.get(envelope.id)
        other.allocate(amount=Money.mad("50"), actor="replica-2", reason="more")
        theirs.save(other)
        again = records.envelope(envelope.id)
        assert again is not None
        assert (again.allocated, again.version) == (Money.mad("150"), 3)
    finally:
        mine.close()
        theirs.close()


def test_an_envelope_saved_is_read_back_as_saved_without_replaying_its_events(url: str) -> None:
    store = grants_event_store(url)
    try:
        envelope = opened("AGA")
        store.save(envelope)
        records = EventSourcedDisbursementRecords(store)
        read = records.envelope(envelope.id)
        assert read is not None
        read.place_hold(hold_id=uuid.uuid4(), amount=Money.mad("30"), actor="a", reason="r")
        records.save(read)
        read.allocate(amount=Money.mad("1"), actor="a", reason="after the save")  # spoils nothing
        assert store.envelopes.cache is not None
        cached = store.envelopes.cache.get(envelope.id)
        assert isinstance(cached, Envelope) and cached is not read
        assert (cached.version, cached.held) == (3, Money.mad("30"))
        again = records.envelope(envelope.id)
        assert again is not None and (again.version, again.available) == (3, Money.mad("70"))
    finally:
        store.close()


def test_an_envelope_saved_in_a_transaction_rolled_back_is_not_read_back(url: str) -> None:
    store = grants_event_store(url)
    try:
        envelope = opened("FES")
        store.save(envelope)
        records = EventSourcedDisbursementRecords(store)
        read = records.envelope(envelope.id)
        assert read is not None
        read.allocate(amount=Money.mad("900"), actor="a", reason="rolled back")
        # The recorder's own transaction, not `EventStoreUnitOfWork` (which forgets the cache).
        with pytest.raises(RuntimeError), transaction_of(store):
            assert in_transaction()
            store.save(read)
            raise RuntimeError("the rest of the work failed")
        assert not in_transaction()
        again = records.envelope(envelope.id)
        assert again is not None and (again.version, again.allocated) == (2, Money.mad("100"))
    finally:
        store.close()
