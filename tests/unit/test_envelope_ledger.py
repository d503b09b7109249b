"""Envelope use cases over eventsourcing's in-memory store: races, retries, movements."""

from __future__ import annotations

import uuid

import pytest
from eventsourcing.persistence import JSONTranscoder

from services.grants.application import (
    ConcurrencyConflict,
    EnvelopeAlreadyOpen,
    EnvelopeChangedMeanwhile,
    EnvelopeLedger,
    NoEnvelope,
)
from services.grants.application.saved_together import NOTHING, Alongside
from services.grants.domain.envelope import Envelope
from services.grants.domain.envelope_movements import MovementKind
from services.grants.domain.envelope_rules import HoldMustNotExceedAvailable, HoldStatus
from services.grants.persistence.envelopes import EventSourcedEnvelopes
from services.grants.persistence.event_store import GrantsEventStore, in_memory_event_store
from shared.money import Money
from shared.rules import BusinessRuleBroken
from shared.transcodings import MoneyAsCentimes
from tests.unit.racing_envelopes import Interleaved

PROGRAMME = uuid.UUID("00000000-0000-4000-8000-000000000002")
MAD = Money.mad


@pytest.fixture
def store() -> GrantsEventStore:
    return in_memory_event_store()


@pytest.fixture
def ledger(store: GrantsEventStore) -> EnvelopeLedger:
    return EnvelopeLedger(EventSourcedEnvelopes(store))


def opened(ledger: EnvelopeLedger, province_code: str = "LAR", amount: str = "6000") -> uuid.UUID:
    envelope_id = ledger.open_envelope(
        programme_id=PROGRAMME, cycle_id="floods-2026-02", province_code=province_code,
        actor="admin-1", reason="declared disaster zone",
    )  # fmt: skip
    ledger.allocate(envelope_id, amount=MAD(amount), actor="admin-1", reason="first tranche")
    return envelope_id


def test_a_second_envelope_for_the_same_programme_cycle_and_province_is_refused(
    ledger: EnvelopeLedger,
) -> None:
    envelope_id = opened(ledger)
    with pytest.raises(EnvelopeAlreadyOpen) as raised:
        opened(ledger)
    assert raised.value.envelope_id == envelope_id
    assert ledger.envelope(envelope_id).allocated == MAD("6000")


def test_an_unknown_envelope_is_told_so(ledger: EnvelopeLedger) -> None:
    with pytest.raises(NoEnvelope):
        ledger.allocate(uuid.uuid4(), amount=MAD("1"), actor="a", reason="r")
    with pytest.raises(NoEnvelope):
        ledger.statement(uuid.uuid4())


def test_a_lost_race_is_retried_on_the_new_state(store: GrantsEventStore) -> None:
    adapter = EventSourcedEnvelopes(store)
    other_replica = EnvelopeLedger(adapter)
    envelope_id = opened(other_replica)

    def theirs() -> None:
        other_replica.place_hold(
            envelope_id, hold_id=uuid.uuid4(), amount=MAD("2000"), actor="ap-2", reason="d2"
        )

    racing = Interleaved(adapter, [theirs])
    mine = EnvelopeLedger(racing, pause=lambda _: None)
    envelope = mine.place_hold(
        envelope_id, hold_id=uuid.uuid4(), amount=MAD("4000"), actor="ap-1", reason="d1"
    )
    assert racing.saves == 2
    assert (envelope.held, envelope.available) == (MAD("6000"), Money.zero())


def test_a_race_lost_to_a_hold_that_took_the_money_is_refused_not_over_committed(
    store: GrantsEventStore,
) -> None:
    adapter = EventSourcedEnvelopes(store)
    other_replica = EnvelopeLedger(adapter)
    envelope_id = opened(other_replica)

    def theirs() -> None:
        other_replica.place_hold(
            envelope_id, hold_id=uuid.uuid4(), amount=MAD("5000"), actor="ap-2", reason="d2"
        )

    mine = EnvelopeLedger(Interleaved(adapter, [theirs]), pause=lambda _: None)
    with pytest.raises(BusinessRuleBroken) as raised:
        mine.place_hold(
            envelope_id, hold_id=uuid.uuid4(), amount=MAD("4000"), actor="ap-1", reason="d1"
        )
    assert isinstance(raised.value.rule, HoldMustNotExceedAvailable)
    envelope = other_replica.envelope(envelope_id)
    assert (envelope.held, envelope.available, len(envelope.holds)) == (
        MAD("5000"), MAD("1000"), 1,
    )  # fmt: skip


def test_a_conflict_that_lasts_is_a_concurrency_conflict(store: GrantsEventStore) -> None:
    class AlwaysBeaten(EventSourcedEnvelopes):
        def save(self, *envelopes: Envelope, together_with: Alongside = NOTHING) -> None:
            raise EnvelopeChangedMeanwhile("beaten again")

    envelope_id = opened(EnvelopeLedger(EventSourcedEnvelopes(store)))
    pauses: list[int] = []
    ledger = EnvelopeLedger(AlwaysBeaten(store), attempts=3, pause=pauses.append)
    with pytest.raises(ConcurrencyConflict) as raised:
        ledger.allocate(envelope_id, amount=MAD("1"), actor="a", reason="r")
    assert (raised.value.envelope_ids, raised.value.attempts, pauses) == ((envelope_id,), 3, [1, 2])
    assert ledger.envelope(envelope_id).allocated == MAD("6000")


def test_a_transfer_saves_both_sides_or_neither(
    store: GrantsEventStore, ledger: EnvelopeLedger
) -> None:
    larache, kenitra = opened(ledger, "LAR", "10000"), opened(ledger, "KEN", "1")
    transfer_id = ledger.transfer(
        from_envelope_id=larache, to_envelope_id=kenitra, amount=MAD("2500.50"),
        actor="admin-1", reason="more households evacuated in Kénitra",
    )  # fmt: skip
    source, target = ledger.envelope(larache), ledger.envelope(kenitra)
    assert (source.available, target.available) == (MAD("7499.50"), MAD("2501.50"))
    with pytest.raises(BusinessRuleBroken):
        ledger.transfer(
            from_envelope_id=larache, to_envelope_id=kenitra, amount=MAD("7499.51"),
            actor="admin-1", reason="too much",
        )  # fmt: skip
    with pytest.raises(BusinessRuleBroken):
        ledger.transfer(
            from_envelope_id=larache, to_envelope_id=larache, amount=MAD("1"),
            actor="admin-1", reason="to itself",
        )  # fmt: skip
    assert (ledger.envelope(larache).version, ledger.envelope(kenitra).version) == (3, 3)
    [line] = [m for m in ledger.statement(kenitra).movements if m.transfer_id == transfer_id]
    assert (line.kind, line.counterpart_id, line.amount) == (
        MovementKind.TRANSFERRED_IN, larache, MAD("2500.50"),
    )  # fmt: skip


def test_post_and_release_resolve_a_hold_once(ledger: EnvelopeLedger) -> None:
    envelope_id = opened(ledger)
    paid, failed = uuid.uuid4(), uuid.uuid4()
    for hold_id in (paid, failed):
        ledger.place_hold(envelope_id, hold_id=hold_id, amount=MAD("3000"), actor="ap", reason="d")
    ledger.post_hold(envelope_id, hold_id=paid, actor="provider", reason="confirmed")
    envelope = ledger.release_hold(envelope_id, hold_id=failed, actor="provider", reason="failed")
    assert (envelope.available, envelope.held, envelope.disbursed) == (
        MAD("3000"), Money.zero(), MAD("3000"),
    )  # fmt: skip
    with pytest.raises(BusinessRuleBroken):
        ledger.post_hold(envelope_id, hold_id=paid, actor="provider", reason="confirmed twice")
    assert ledger.envelope(envelope_id).hold_status(paid) is HoldStatus.POSTED


def test_a_statement_pages_through_the_movements_with_who_and_why(
    ledger: EnvelopeLedger,
) -> None:
    envelope_id = opened(ledger)
    for i in range(5):
        ledger.place_hold(
            envelope_id, hold_id=uuid.uuid4(), amount=MAD("1"), actor=f"ap-{i}", reason=f"d{i}"
        )
    first = ledger.statement(envelope_id, limit=3)
    assert [m.kind for m in first.movements] == [
        MovementKind.OPENED, MovementKind.ALLOCATED, MovementKind.HOLD_PLACED,
    ]  # fmt: skip
    assert (first.movements[0].actor, first.movements[0].reason) == (
        "admin-1", "declared disaster zone",
    )  # fmt: skip
    assert first.next_after == 3
    rest = ledger.statement(envelope_id, after=first.next_after, limit=10)
    assert [m.version for m in rest.movements] == [4, 5, 6, 7]
    assert [m.actor for m in rest.movements] == ["ap-1", "ap-2", "ap-3", "ap-4"]
    assert rest.next_after is None
    assert rest.envelope.held == MAD("5")


def test_amounts_are_stored_as_whole_centimes(
    store: GrantsEventStore, ledger: EnvelopeLedger
) -> None:
    envelope_id = opened(ledger, amount="1468411.05")
    [_, allocated] = store.recorder.select_events(envelope_id)
    assert b'"amount":{"_type_":"money_centimes","_data_":146841105}' in allocated.state
    # The library's own transcoder reads what ours wrote.
    library = JSONTranscoder()
    store.register_transcodings(library)
    assert isinstance(MoneyAsCentimes().decode(146841105), Money)
    assert library.decode(allocated.state)["amount"] == MAD("1468411.05")
