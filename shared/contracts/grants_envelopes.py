"""Contracts grants publishes about budget envelopes: one programme's money for one cycle in
one province, kept as a ledger. Each movement carries the envelope's balances after it, so a
reader needs no history to know where the envelope stands:
available = allocated + transferred in - transferred out - held - disbursed, never below zero.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, ClassVar

from pydantic import BaseModel, ConfigDict

from shared.contracts.amounts import Amount
from shared.contracts.base import Contract

if TYPE_CHECKING:
    from shared.contracts.registry import ContractRegistry

ENVELOPES_TOPIC = "grants.envelopes"


class EnvelopeBalances(BaseModel):
    """Where an envelope stands after a movement; `available` never goes below zero."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    allocated: Amount
    transferred_in: Amount
    transferred_out: Amount
    held: Amount
    disbursed: Amount
    available: Amount


class EnvelopeOpenedV1(Contract):
    TYPE: ClassVar[str] = "EnvelopeOpened"
    VERSION: ClassVar[int] = 1

    envelope_id: uuid.UUID
    programme_id: uuid.UUID
    cycle: str
    province_code: str
    actor: str
    reason: str


class _MovementV1(Contract):
    envelope_id: uuid.UUID
    amount: Amount
    balances_after: EnvelopeBalances
    actor: str
    reason: str


class EnvelopeAllocatedV1(_MovementV1):
    """Money was allocated to the envelope (a credit)."""

    TYPE: ClassVar[str] = "EnvelopeAllocated"
    VERSION: ClassVar[int] = 1


class EnvelopeTransferredOutV1(_MovementV1):
    """Money left for another envelope of the same programme; `EnvelopeTransferredIn` with the
    same `transfer_id` is its other half, stored in the same transaction."""

    TYPE: ClassVar[str] = "EnvelopeTransferredOut"
    VERSION: ClassVar[int] = 1

    transfer_id: uuid.UUID
    to_envelope_id: uuid.UUID


class EnvelopeTransferredInV1(_MovementV1):
    TYPE: ClassVar[str] = "EnvelopeTransferredIn"
    VERSION: ClassVar[int] = 1

    transfer_id: uuid.UUID
    from_envelope_id: uuid.UUID


class EnvelopeHoldPlacedV1(_MovementV1):
    """An approved decision committed the amount: available -> held. The same `hold_id`
    again: a failed instalment retried takes back the part its failure released."""

    TYPE: ClassVar[str] = "EnvelopeHoldPlaced"
    VERSION: ClassVar[int] = 1

    hold_id: uuid.UUID


class EnvelopeHoldPostedV1(_MovementV1):
    """A payment the hold was for was confirmed: held -> disbursed. One per confirmed
    instalment: `amount` is that instalment's part of the hold."""

    TYPE: ClassVar[str] = "EnvelopeHoldPosted"
    VERSION: ClassVar[int] = 1

    hold_id: uuid.UUID


class EnvelopeHoldReleasedV1(_MovementV1):
    """A payment failed (`amount`: that instalment's part) or the decision was cancelled
    (what the hold still held): held -> available."""

    TYPE: ClassVar[str] = "EnvelopeHoldReleased"
    VERSION: ClassVar[int] = 1

    hold_id: uuid.UUID


CONTRACTS: tuple[type[Contract], ...] = (
    EnvelopeOpenedV1,
    EnvelopeAllocatedV1,
    EnvelopeTransferredOutV1,
    EnvelopeTransferredInV1,
    EnvelopeHoldPlacedV1,
    EnvelopeHoldPostedV1,
    EnvelopeHoldReleasedV1,
)


def register(registry: ContractRegistry) -> None:
    for contract in CONTRACTS:
        registry.register(contract.TYPE, contract.VERSION, contract)
