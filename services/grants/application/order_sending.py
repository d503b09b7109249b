"""Orders marked sent once their batch is with the provider, `chunk` per transaction. A chunk
that collides (another replica marked some first) is marked again one order at a time, on
the orders as they stand now: each instalment is marked sent once, under one reference."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from uuid import UUID

from services.grants.application.disbursement_ports import (
    DisbursementRecords,
    RecordsChangedMeanwhile,
)
from services.grants.domain.order import PaymentOrder


def mark_sent(
    records: DisbursementRecords,
    orders: Sequence[PaymentOrder],
    number: int,
    references: Mapping[UUID, str],
    *,
    actor: str,
    chunk: int,
) -> int:
    """How many instalments number `number` this run marked sent."""
    marked = 0
    for start in range(0, len(orders), chunk):
        part = orders[start : start + chunk]
        for order in part:
            order.send(number, references[order.id], actor=actor)
        try:
            records.save(*part)
            marked += len(part)
            continue
        except RecordsChangedMeanwhile:
            pass
        now = records.get_many([o.id for o in part])
        for stale in part:  # another replica marked some: mark what is still waiting
            fresh = now[stale.id]
            assert isinstance(fresh, PaymentOrder)
            if fresh.instalment(number).provider_reference == references[fresh.id]:
                continue
            fresh.send(number, references[fresh.id], actor=actor)
            try:
                records.save(fresh)
                marked += 1
            except RecordsChangedMeanwhile:
                continue
    return marked
