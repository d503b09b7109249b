"""Two grants replicas placing holds on one small envelope at the same moment: however the
races fall, the holds that succeed never exceed the allocation and the envelope is exact."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from services.grants.application import (
    ConcurrencyConflict,
    EnvelopeChangedMeanwhile,
    EnvelopeLedger,
)
from services.grants.application.saved_together import NOTHING, Alongside
from services.grants.domain.envelope import Envelope
from services.grants.domain.envelope_rules import HoldMustNotExceedAvailable, HoldStatus
from services.grants.persistence.envelopes import EventSourcedEnvelopes
from services.grants.persistence.event_store import GrantsEventStore, grants_event_store
from shared.money import Money
from shared.rules import BusinessRuleBroken
from tests.infra import postgres_database, require_infra

EMERGENCY_AID = Money.mad("6000.00")  # February 2026 floods, per evacuated household
ALLOCATION = Money.mad("60000.00")  # room for ten households
ATTEMPTS_PER_THREAD = 6
THREADS_PER_REPLICA = 4  # 2 x 4 x 6 = 48 decisions for 10 holds


@contextmanager
def two_replicas(url: str) -> Iterator[list[GrantsEventStore]]:
    stores = [grants_event_store(url), grants_event_store(url)]
    try:
        yield stores
    finally:
        for store in stores:
            store.close()


class CountingLostRaces(EventSourcedEnvelopes):
    lost = 0

    def save(self, *envelopes: Envelope, together_with: Alongside = NOTHING) -> None:
        try:
            super().save(*envelopes, together_with=together_with)
        except EnvelopeChangedMeanwhile:
            CountingLostRaces.lost += 1
            raise


def race_for_the_envelope(stores: list[GrantsEventStore]) -> int:
    """Returns how many saves lost a race."""
    CountingLostRaces.lost = 0
    ledgers = [EnvelopeLedger(CountingLostRaces(store), attempts=20) for store in stores]
    envelope_id = ledgers[0].open_envelope(
        programme_id=uuid.uuid4(),
        cycle_id="floods-2026-02",
        province_code="LAR",
        actor="admin-1",
        reason="Larache declared a disaster zone",
    )
    ledgers[1].allocate(envelope_id, amount=ALLOCATION, actor="admin-1", reason="tranche 1")
    threads = len(ledgers) * THREADS_PER_REPLICA
    start = threading.Barrier(threads)

    def decide(thread: int) -> list[tuple[uuid.UUID, str]]:
        ledger = ledgers[thread % len(ledgers)]
        start.wait()
        outcomes = []
        for i in range(ATTEMPTS_PER_THREAD):
            hold_id = uuid.uuid4()
            try:
                ledger.place_hold(
                    envelope_id, hold_id=hold_id, amount=EMERGENCY_AID, actor=f"approver-{thread}",
                    reason=f"decision {thread}-{i}",
                )  # fmt: skip
                outcomes.append((hold_id, "placed"))
            except BusinessRuleBroken as e:
                assert isinstance(e.rule, HoldMustNotExceedAvailable) and e.conflict
                outcomes.append((hold_id, "refused"))
            except ConcurrencyConflict:
                outcomes.append((hold_id, "conflict"))
        return outcomes

    with ThreadPoolExecutor(max_workers=threads) as pool:
        outcomes = [o for found in pool.map(decide, range(threads)) for o in found]

    placed = {hold_id for hold_id, outcome in outcomes if outcome == "placed"}
    refused = [hold_id for hold_id, outcome in outcomes if outcome == "refused"]
    assert len(outcomes) == threads * ATTEMPTS_PER_THREAD
    assert len(placed) * EMERGENCY_AID.centimes <= ALLOCATION.centimes
    for ledger in ledgers:  # each replica reads the same, exact envelope
        envelope = ledger.envelope(envelope_id)
        assert set(envelope.holds) == placed
        assert all(h.status is HoldStatus.OPEN for h in envelope.holds.values())
        assert envelope.held == Money(len(placed) * EMERGENCY_AID.centimes)
        assert envelope.available == ALLOCATION - envelope.held
        assert envelope.version == 2 + len(placed)
        # A hold was refused only once the money was gone, and it stays gone.
        assert not refused or envelope.available < EMERGENCY_AID
    # Forty-eight decisions for ten holds: the envelope is used up, unless races lasted.
    assert len(placed) == 10 or any(outcome == "conflict" for _, outcome in outcomes)
    return CountingLostRaces.lost


def test_two_replicas_on_postgresql_never_hold_more_than_the_envelope_has() -> None:
    require_infra()
    with postgres_database("envelope") as url, two_replicas(url) as stores:
        lost = race_for_the_envelope(stores)
    assert lost > 0  # the replicas did race: some saves lost and were retried


def test_two_replicas_on_one_sqlite_file_never_hold_more_than_the_envelope_has(
    tmp_path: Path,
) -> None:
    with two_replicas(f"sqlite:///{tmp_path / 'grants.sqlite'}") as stores:
        race_for_the_envelope(stores)
