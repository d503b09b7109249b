"""Which envelope events go out, each movement with the envelope's balances after it.

The stored events say what moved, not where the envelope then stood, so the balances come
from the domain itself: `EnvelopeBalances` keeps each envelope as of the last event it
translated and applies the next one to it (the relay reads in order, so this is one step per
event), and reads the envelope at the event's version from the store after a restart, a
retried batch or any other gap.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from services.grants.domain.envelope import Envelope
from shared.contracts.amounts import Amount
from shared.contracts.grants_envelopes import (
    ENVELOPES_TOPIC,
    EnvelopeAllocatedV1,
    EnvelopeBalances,
    EnvelopeHoldPlacedV1,
    EnvelopeHoldPostedV1,
    EnvelopeHoldReleasedV1,
    EnvelopeOpenedV1,
    EnvelopeTransferredInV1,
    EnvelopeTransferredOutV1,
)
from shared.messaging.publishing import KEPT_IN, Translators
from shared.messaging.relay import Publication

# The envelope as of a version, read from the event store: `repository.get(id, version=v)`.
EnvelopeAt = Callable[[UUID, int], Envelope]


class EnvelopesAsOf:
    """Each envelope as of the last event translated, moved on one event at a time."""

    def __init__(self, read: EnvelopeAt | None = None) -> None:
        self._read = read
        self._latest: dict[UUID, Envelope] = {}

    def after(self, event: Envelope.Event) -> Envelope:
        envelope_id, version = event.originator_id, event.originator_version
        known = self._latest.get(envelope_id)
        if isinstance(event, Envelope.Opened):
            envelope = event.mutate(None)
        elif known is not None and known.version == version - 1:
            envelope = event.mutate(known)
        elif self._read is not None:
            envelope = self._read(envelope_id, version)
        else:
            raise LookupError(f"envelope {envelope_id} before version {version} is unknown here")
        assert isinstance(envelope, Envelope)
        # `mutate` moves the cached envelope on in place; a copy read at an older version
        # (a batch sent again) must not replace a newer one.
        if known is None or known.version <= version:
            self._latest[envelope_id] = envelope
        return envelope


def balances_of(envelope: Envelope) -> EnvelopeBalances:
    return EnvelopeBalances(
        allocated=Amount.of(envelope.allocated),
        transferred_in=Amount.of(envelope.transferred_in),
        transferred_out=Amount.of(envelope.transferred_out),
        held=Amount.of(envelope.held),
        disbursed=Amount.of(envelope.disbursed),
        available=Amount.of(envelope.available),
    )


def envelope_events(envelopes: EnvelopesAsOf) -> Translators:
    def opened(event: Envelope.Opened) -> Publication:
        envelopes.after(event)
        return Publication(
            ENVELOPES_TOPIC,
            EnvelopeOpenedV1(
                envelope_id=event.originator_id,
                programme_id=event.programme_id,
                cycle=event.cycle_id,
                province_code=event.province_code,
                actor=event.actor,
                reason=event.reason,
            ),
        )

    def movement(contract: Any, **fields: Callable[[Any], Any]) -> Callable[[Any], Publication]:
        def translate(event: Any) -> Publication:
            return Publication(
                ENVELOPES_TOPIC,
                contract(
                    envelope_id=event.originator_id,
                    amount=Amount.of(event.amount),
                    balances_after=balances_of(envelopes.after(event)),
                    actor=event.actor,
                    reason=event.reason,
                    **{name: field(event) for name, field in fields.items()},
                ),
            )

        return translate

    def hold(event: Any) -> Any:
        return event.hold_id

    return {
        Envelope.Opened: opened,
        Envelope.Created: KEPT_IN,  # never stored: `__init__` is decorated with `Opened`
        Envelope.Allocated: movement(EnvelopeAllocatedV1),
        Envelope.TransferredOut: movement(
            EnvelopeTransferredOutV1,
            transfer_id=lambda e: e.transfer_id,
            to_envelope_id=lambda e: e.to_envelope_id,
        ),
        Envelope.TransferredIn: movement(
            EnvelopeTransferredInV1,
            transfer_id=lambda e: e.transfer_id,
            from_envelope_id=lambda e: e.from_envelope_id,
        ),
        Envelope.HoldPlaced: movement(EnvelopeHoldPlacedV1, hold_id=hold),
        Envelope.HoldPosted: movement(EnvelopeHoldPostedV1, hold_id=hold),
        Envelope.HoldReleased: movement(EnvelopeHoldReleasedV1, hold_id=hold),
    }
