"""Grants' integration events as reporting receives them, built for reporting's tests: a
programme, an envelope's movements with the balances after each (kept by `Ledger`, as grants'
envelope keeps them), and payment orders with their instalments' steps."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from services.reporting.application import Delivered, Projector
from services.reporting.application.projections.catalogue import PROJECTIONS
from services.reporting.persistence.projection_memory import MemoryProjectionStore
from shared.contracts.amounts import Amount
from shared.contracts.base import Contract
from shared.contracts.grants_decisions import DecisionProposedV1
from shared.contracts.grants_envelopes import (
    EnvelopeAllocatedV1,
    EnvelopeBalances,
    EnvelopeHoldPlacedV1,
    EnvelopeHoldPostedV1,
    EnvelopeHoldReleasedV1,
    EnvelopeOpenedV1,
    EnvelopeTransferredInV1,
    EnvelopeTransferredOutV1,
)
from shared.contracts.grants_orders import PaymentOrderIssuedV1
from shared.contracts.grants_programmes import ProgrammeComponent, ProgrammeCreatedV2
from tests.unit.delivered import delivered

TOPICS = {
    "Programme": "grants.programmes",
    "Envelope": "grants.envelopes",
    "Decision": "grants.decisions",
    "Payment": "grants.orders",
    "Delivery": "grants.orders",
}


def topic_of(payload: Contract) -> str:
    name = type(payload).__name__
    return next(topic for prefix, topic in TOPICS.items() if name.startswith(prefix))


def mad(centimes: int) -> Amount:
    return Amount.of_centimes(centimes)


def programme(
    programme_id: uuid.UUID, code: str, *, disaster: str | None = None, name: str | None = None
) -> ProgrammeCreatedV2:
    return ProgrammeCreatedV2(
        programme_id=programme_id,
        code=code,
        name=name or code.replace("-", " ").capitalize(),
        kind="aid_to_household" if disaster else "grant_to_association",
        form="cash",
        cycle_kind="disaster" if disaster else "fiscal_year",
        trigger="claim" if disaster else "impact",
        components=[
            ProgrammeComponent(code="annual_grant", name="Grant", entitlements=[], items=[])
        ],
        provinces=["KHN", "LAR"],
        disaster=disaster,
        declared_provinces=["LAR"] if disaster else [],
        payment_list_approvals=1,
        actor="admin",
    )


@dataclass
class Ledger:
    """One envelope's movements, each with the balances after it (grants' arithmetic:
    available = allocated + in - out - held - disbursed)."""

    programme_id: uuid.UUID
    cycle: str
    province: str
    envelope_id: uuid.UUID = field(default_factory=uuid.uuid4)
    allocated: int = 0
    transferred_in: int = 0
    transferred_out: int = 0
    held: int = 0
    disbursed: int = 0

    def opened(self) -> EnvelopeOpenedV1:
        return EnvelopeOpenedV1(
            envelope_id=self.envelope_id, programme_id=self.programme_id, cycle=self.cycle,
            province_code=self.province, actor="admin", reason="loi de finances",
        )  # fmt: skip

    @property
    def available(self) -> int:
        credited = self.allocated + self.transferred_in - self.transferred_out
        return credited - self.held - self.disbursed

    def _after(self) -> EnvelopeBalances:
        return EnvelopeBalances(
            allocated=mad(self.allocated), transferred_in=mad(self.transferred_in),
            transferred_out=mad(self.transferred_out), held=mad(self.held),
            disbursed=mad(self.disbursed), available=mad(self.available),
        )  # fmt: skip

    def _fields(self, amount: int) -> dict[str, object]:
        return {"envelope_id": self.envelope_id, "amount": mad(amount),
                "balances_after": self._after(), "actor": "admin", "reason": "budget"}  # fmt: skip

    def allocate(self, amount: int) -> EnvelopeAllocatedV1:
        self.allocated += amount
        return EnvelopeAllocatedV1.model_validate(self._fields(amount))

    def hold(self, hold_id: uuid.UUID, amount: int) -> EnvelopeHoldPlacedV1:
        self.held += amount
        return EnvelopeHoldPlacedV1.model_validate({**self._fields(amount), "hold_id": hold_id})

    def post(self, hold_id: uuid.UUID, amount: int) -> EnvelopeHoldPostedV1:
        self.held -= amount
        self.disbursed += amount
        return EnvelopeHoldPostedV1.model_validate({**self._fields(amount), "hold_id": hold_id})

    def release(self, hold_id: uuid.UUID, amount: int) -> EnvelopeHoldReleasedV1:
        self.held -= amount
        fields = {**self._fields(amount), "hold_id": hold_id}
        return EnvelopeHoldReleasedV1.model_validate(fields)

    def transfer_to(
        self, other: Ledger, amount: int
    ) -> tuple[EnvelopeTransferredOutV1, EnvelopeTransferredInV1]:
        transfer = uuid.uuid4()
        self.transferred_out += amount
        out = EnvelopeTransferredOutV1.model_validate(
            {**self._fields(amount), "transfer_id": transfer, "to_envelope_id": other.envelope_id}
        )
        other.transferred_in += amount
        into = EnvelopeTransferredInV1.model_validate(
            {**other._fields(amount), "transfer_id": transfer,
             "from_envelope_id": self.envelope_id}
        )  # fmt: skip
        return out, into


def payment_order(
    order_id: uuid.UUID,
    programme_id: uuid.UUID,
    province: str,
    *instalments: int,
    decision_id: uuid.UUID | None = None,
    cycle: str = "2021",
    component: str = "annual_grant",
) -> PaymentOrderIssuedV1:
    return PaymentOrderIssuedV1(
        order_id=order_id, decision_id=decision_id or uuid.uuid4(), programme_id=programme_id,
        cycle=cycle, component=component, subject_id=uuid.uuid4(), province_code=province,
        payment_list_id=None, amount=mad(sum(instalments)),
        instalments=[mad(c) for c in instalments], actor="grants", reason=None,
    )  # fmt: skip


def step(
    contract: type[Contract], order_id: uuid.UUID, instalment: int, **more: object
) -> Contract:
    """An instalment's step (`PaymentSentV1`, ...); sent and confirmed name a reference."""
    fields: dict[str, object] = {"order_id": order_id, "instalment": instalment,
                                 "actor": "grants", "reason": None, **more}  # fmt: skip
    if contract.TYPE in ("PaymentSent", "PaymentConfirmed"):
        fields.setdefault("provider_reference", f"{order_id}:{instalment}")
    return contract.model_validate(fields)


class InMemoryReporting:
    """Reporting's projections in memory, fed grants' events one unit of work each."""

    def __init__(self) -> None:
        self.store = MemoryProjectionStore(PROJECTIONS)
        self.projector = Projector(PROJECTIONS, self.store)

    def receive(self, *payloads: Contract, at: datetime | None = None) -> None:
        for payload in payloads:
            event = delivered(payload, origin="grants", at=at)
            with self.store.transaction():
                self.projector.apply(None, [Delivered(event, topic_of(payload), 0, 0)])

    def rows(
        self, projection: str, kind: str, as_of: datetime | None = None
    ) -> list[dict[str, Any]]:
        return self.store.valid(projection, kind, as_of)


def proposal(
    decision_id: uuid.UUID,
    programme_id: uuid.UUID,
    province: str,
    amount: int | None,
    *,
    component: str = "emergency",
    cycle: str = "floods-2026-02-north-west",
    needs_authorisation: bool = False,
) -> DecisionProposedV1:
    return DecisionProposedV1(
        decision_id=decision_id, programme_id=programme_id, cycle=cycle, component=component,
        subject_id=uuid.uuid4(), province_code=province,
        amount=mad(amount) if amount is not None else None,
        items=[] if amount is not None else ["Tent"], needs_authorisation=needs_authorisation,
        actor="grants", reason=None,
    )  # fmt: skip
