"""A moment asked with any UTC offset means that instant on SQLite as on PostgreSQL (SQLite
compares times as text, without their offset), and the times a report answers say UTC."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone

from shared.contracts.grants_orders import PaymentFailedV1, PaymentSentV1
from tests.integration.reporting.projected import Projected, event_at
from tests.unit.grants_events import Ledger, payment_order, programme, step, topic_of

CASABLANCA = timezone(timedelta(hours=1))
T = datetime(2021, 6, 30, 23, 30, tzinfo=UTC)  # 1 July, 00:30 in Casablanca


def test_a_moment_with_an_offset_is_the_same_instant_in_utc(reporting: Projected) -> None:
    care = uuid.uuid4()
    ledger, order = Ledger(care, "2021", "KHN"), uuid.uuid4()
    events = [
        programme(care, "social-care-institutions"),
        ledger.opened(),
        ledger.allocate(316_000_000),
        payment_order(order, care, "KHN", 100),
        step(PaymentSentV1, order, 1),
        step(PaymentFailedV1, order, 1, reason="AC04"),
    ]
    for payload in events:
        reporting.receive(topic_of(payload), event_at(payload, T, origin="grants"))

    before = datetime(2021, 7, 1, 0, 0, tzinfo=CASABLANCA)  # 23:00 UTC, before T
    after = datetime(2021, 7, 1, 1, 0, tzinfo=CASABLANCA)  # 00:00 UTC, after T
    assert reporting.rows("budgets", as_of=before) == []
    assert [r["allocated"] for r in reporting.rows("budgets", as_of=after)] == ["3160000.00"]
    [failed] = reporting.rows("exceptions", as_of=after)
    assert failed["since"] == T and failed["since"].utcoffset() == timedelta(0)
