"""Grants' envelope cache on the in-memory store: an envelope just saved is read back as it
was saved, and what its saver does to it afterwards spoils nothing."""

from __future__ import annotations

import uuid

from services.grants.domain.envelope import Envelope
from services.grants.persistence.envelopes import EventSourcedEnvelopes
from services.grants.persistence.event_store import in_memory_event_store
from shared.money import Money


def test_an_envelope_saved_is_read_back_as_saved() -> None:
    store = in_memory_event_store()
    envelopes = EventSourcedEnvelopes(store)
    envelope = Envelope.open(
        programme_id=uuid.uuid4(), cycle_id="2026", province_code="LAR", actor="a", reason="r"
    )
    envelope.allocate(amount=Money.mad("100"), actor="a", reason="r")
    envelopes.save(envelope)
    envelope.place_hold(hold_id=uuid.uuid4(), amount=Money.mad("40"), actor="a", reason="r")
    envelopes.save(envelope)
    envelope.allocate(amount=Money.mad("5"), actor="a", reason="never saved")
    assert store.envelopes.cache is not None
    assert store.envelopes.cache.get(envelope.id).version == 3
    read = envelopes.get(envelope.id)
    assert read is not None and (read.version, read.available) == (3, Money.mad("60"))


def test_no_envelope_under_another_records_id() -> None:
    assert EventSourcedEnvelopes(in_memory_event_store()).get(uuid.uuid4()) is None
