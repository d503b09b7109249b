"""An envelope's movements: its events read as the lines of a ledger, each with who and why."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from services.grants.domain.envelope import Envelope
from shared.money import Money


class MovementKind(StrEnum):
    OPENED = "opened"
    ALLOCATED = "allocated"  # credit
    TRANSFERRED_IN = "transferred_in"  # credit
    TRANSFERRED_OUT = "transferred_out"  # debit
    HOLD_PLACED = "hold_placed"  # available -> held
    HOLD_POSTED = "hold_posted"  # held -> disbursed
    HOLD_RELEASED = "hold_released"  # held -> available


@dataclass(frozen=True)
class Movement:
    version: int
    kind: MovementKind
    amount: Money | None  # None for the opening line
    at: datetime
    actor: str
    reason: str
    hold_id: UUID | None = None
    transfer_id: UUID | None = None
    counterpart_id: UUID | None = None  # the other envelope of a transfer


def movement_of(stored: Envelope.Event) -> Movement:
    """One event of an envelope as a line of its ledger."""
    line = Movement(
        version=stored.originator_version,
        kind=MovementKind.OPENED,
        amount=None,
        at=stored.timestamp,
        actor=getattr(stored, "actor", ""),
        reason=getattr(stored, "reason", ""),
    )
    match stored:
        case Envelope.Opened():
            return line
        case Envelope.Allocated(amount=amount):
            return replace(line, kind=MovementKind.ALLOCATED, amount=amount)
        case Envelope.TransferredIn():
            return replace(
                line,
                kind=MovementKind.TRANSFERRED_IN,
                amount=stored.amount,
                transfer_id=stored.transfer_id,
                counterpart_id=stored.from_envelope_id,
            )
        case Envelope.TransferredOut():
            return replace(
                line,
                kind=MovementKind.TRANSFERRED_OUT,
                amount=stored.amount,
                transfer_id=stored.transfer_id,
                counterpart_id=stored.to_envelope_id,
            )
        case Envelope.HoldPlaced() | Envelope.HoldPosted() | Envelope.HoldReleased():
            kind = _HOLD_KINDS[type(stored)]
            return replace(line, kind=kind, amount=stored.amount, hold_id=stored.hold_id)
    raise TypeError(f"not an envelope movement: {type(stored).__name__}")


_HOLD_KINDS: dict[type[Envelope.Event], MovementKind] = {
    Envelope.HoldPlaced: MovementKind.HOLD_PLACED,
    Envelope.HoldPosted: MovementKind.HOLD_POSTED,
    Envelope.HoldReleased: MovementKind.HOLD_RELEASED,
}


def movements_of(events: Iterable[Envelope.Event]) -> list[Movement]:
    return [movement_of(e) for e in events]
