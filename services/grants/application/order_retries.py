"""A failed instalment retried: the retry (an event on the order) and the part its failure
gave back to the envelope, taken back onto the decision's hold, are saved together. If the
envelope no longer has that money, the retry is refused (409) and nothing changes."""

from __future__ import annotations

from uuid import UUID

from services.grants.application.disbursement_ports import (
    DisbursementRecords,
    RecordsChangedMeanwhile,
)
from services.grants.application.envelope_errors import ConcurrencyConflict
from services.grants.application.envelopes import ATTEMPTS
from services.grants.domain.envelope import Envelope
from services.grants.domain.order import PaymentOrder


def retry_holding(
    records: DisbursementRecords,
    order_id: UUID,
    instalment: int,
    *,
    actor: str,
    reason: str | None,
    attempts: int = ATTEMPTS,
) -> PaymentOrder | None:
    """The order, retried; None if there is no such payment order. Lost races (another
    replica moved the envelope) are tried again on what is there now."""
    for _ in range(attempts):
        order = records.get(order_id)
        if not isinstance(order, PaymentOrder):
            return None
        order.retry(instalment, actor=actor, reason=reason)
        envelope_id = Envelope.create_id(order.programme_id, order.cycle, order.province_code)
        envelope = records.envelope(envelope_id)
        changed: list[PaymentOrder | Envelope] = [order]
        hold = envelope.holds.get(order.decision_id) if envelope is not None else None
        part = order.instalment(instalment).amount
        # A hold that did not give this part back (no envelope, or failed before holds moved
        # a part at a time) still holds it: nothing to take back.
        if envelope is not None and hold is not None and hold.released >= part:
            why = f"order {order.id} instalment {instalment} retried"
            envelope.take_back(hold_id=order.decision_id, amount=part, actor=actor, reason=why)
            changed.append(envelope)
        try:
            records.save(*changed)
        except RecordsChangedMeanwhile:
            continue
        return order
    raise ConcurrencyConflict((order_id,), attempts)
