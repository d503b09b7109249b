"""Reporting's budget envelopes (`grants.envelopes`) on the in-memory store: the balances each
movement carries, to the centime, and the movements by month."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from services.reporting.application.projections.budgets import BALANCES
from tests.unit.grants_events import InMemoryReporting, Ledger

SOCIAL_CARE, DISABILITY = uuid.uuid4(), uuid.uuid4()
JUNE, JULY = datetime(2021, 6, 30, 23, 30, tzinfo=UTC), datetime(2021, 7, 1, 0, 30, tzinfo=UTC)


def balances(reporting: InMemoryReporting, ledger: Ledger) -> dict[str, object]:
    [row] = [
        r for r in reporting.rows("budgets", "envelope") if r["key"] == str(ledger.envelope_id)
    ]
    return {name: row[name] for name in BALANCES}


def test_an_envelope_stands_where_its_last_movement_says_and_each_movement_is_kept() -> None:
    reporting = InMemoryReporting()
    khn, spare = Ledger(SOCIAL_CARE, "2021", "KHN"), Ledger(SOCIAL_CARE, "2021", "KEN")
    care, centre = uuid.uuid4(), uuid.uuid4()
    reporting.receive(khn.opened(), spare.opened(), at=JUNE)
    reporting.receive(khn.allocate(316_000_000), spare.allocate(50_001), at=JUNE)
    reporting.receive(*spare.transfer_to(khn, 50_001), at=JUNE)
    reporting.receive(khn.hold(care, 300_000_000), khn.hold(centre, 16_000_000), at=JUNE)
    reporting.receive(khn.post(care, 150_000_000), at=JUNE)
    reporting.receive(khn.post(care, 150_000_000), khn.release(centre, 16_000_000), at=JULY)

    assert balances(reporting, khn) == {
        "allocated": 316_000_000, "transferred_in": 50_001, "transferred_out": 0, "held": 0,
        "disbursed": 300_000_000, "available": 16_050_001,
    }  # fmt: skip
    assert balances(reporting, spare)["available"] == 0
    moved = reporting.rows("budgets", "movement")
    posted = [(m["month"], m["year"], m["amount"]) for m in moved if m["kind"] == "hold_posted"]
    assert posted == [("2021-06", 2021, 150_000_000), ("2021-07", 2021, 150_000_000)]
    assert sum(int(str(m[2])) for m in posted) == khn.disbursed  # the months add up
    assert {m["kind"] for m in moved} == {
        "allocated", "transferred_in", "transferred_out", "hold_placed", "hold_posted",
        "hold_released",
    }  # fmt: skip
    assert all(m["programme_id"] == str(SOCIAL_CARE) for m in moved)

    as_of_june = reporting.rows("budgets", "envelope", as_of=JUNE)
    [khn_in_june] = [r for r in as_of_june if r["key"] == str(khn.envelope_id)]
    assert (khn_in_june["held"], khn_in_june["disbursed"]) == (166_000_000, 150_000_000)


def test_a_movement_of_an_envelope_never_opened_here_is_left_out() -> None:
    reporting = InMemoryReporting()
    lost = Ledger(DISABILITY, "2021", "KHN")
    reporting.receive(lost.allocate(146_841_100))
    assert reporting.rows("budgets", "envelope") == []
    assert reporting.rows("budgets", "movement") == []
