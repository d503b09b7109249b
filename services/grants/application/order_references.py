"""The end-to-end reference each sent instalment travels with, and the batches they leave in.

The first send of an order's first instalment carries the order's own reference
(`reference_for`: its id's 32 hex digits); another instalment or a retry adds the instalment
(one hex digit) and the attempt (two), 35 characters, ISO 20022's longest. The order's id is
always the first 32, so a statement line names its order without any index, and a late answer
to an earlier attempt does not match the reference the instalment was last sent with."""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from services.grants.application.payment_provider import reference_for

MOST_INSTALMENTS = 0xF
MOST_ATTEMPTS = 0xFF


def instalment_reference(order_id: UUID, instalment: int, attempt: int) -> str:
    if (instalment, attempt) == (1, 1):
        return reference_for(order_id)
    if not (1 <= instalment <= MOST_INSTALMENTS and 1 <= attempt <= MOST_ATTEMPTS):
        raise ValueError(f"instalment {instalment}, attempt {attempt}: no reference fits")
    return f"{reference_for(order_id)}{instalment:x}{attempt:02x}"


def order_of(reference: str) -> tuple[UUID, int] | None:
    """(order id, instalment) a reference names, or None when it is none of grants'."""
    try:
        order_id = UUID(hex=reference[:32])
        if len(reference) == 32:
            return order_id, 1
        if len(reference) == 35:
            return order_id, int(reference[32], 16)
    except ValueError:
        return None
    return None


def list_batch_id(payment_list_id: UUID, instalment: int) -> UUID:
    """A payment list leaves once per instalment: the first under the list's own id."""
    if instalment == 1:
        return payment_list_id
    return uuid5(NAMESPACE_URL, f"taawun:payment-list-batch:{payment_list_id}:{instalment}")


def retry_batch_id(order_id: UUID, instalment: int, attempt: int) -> UUID:
    """A retried instalment leaves alone, once per attempt."""
    return uuid5(NAMESPACE_URL, f"taawun:retry-batch:{order_id}:{instalment}:{attempt}")
