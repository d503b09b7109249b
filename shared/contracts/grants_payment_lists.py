"""Contracts grants publishes about payment lists: proposals of one programme, cycle, province
and component approved together. Which decisions a list holds travels on each decision
(`DecisionApprovedInList`); the list itself says what its approvers were shown."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, ClassVar

from shared.contracts.amounts import Amount
from shared.contracts.base import Contract

if TYPE_CHECKING:
    from shared.contracts.registry import ContractRegistry

PAYMENT_LISTS_TOPIC = "grants.payment-lists"


class PaymentListDrawnUpV1(Contract):
    """A list was drawn up; it is approved once `approvals_needed` users other than the one who
    drew it up have approved it."""

    TYPE: ClassVar[str] = "PaymentListDrawnUp"
    VERSION: ClassVar[int] = 1

    payment_list_id: uuid.UUID
    programme_id: uuid.UUID
    cycle: str
    province_code: str
    component: str
    number: int
    approvals_needed: int
    actor: str
    reason: str | None


class PaymentListApprovedV1(Contract):
    """One approver approved the list as shown: its `count` of lines, their `total` and the
    `digest` of the lines. The first approval freezes the lines (none can be added, removed or
    changed afterwards), so every later approval of the list carries the same three values."""

    TYPE: ClassVar[str] = "PaymentListApproved"
    VERSION: ClassVar[int] = 1

    payment_list_id: uuid.UUID
    count: int
    total: Amount
    digest: str
    actor: str
    reason: str | None


class PaymentListWithdrawnV1(Contract):
    """An approver of the province gave the list up before it was approved in full (nothing
    was held for it): its lines may go in another list; no approval of this one follows."""

    TYPE: ClassVar[str] = "PaymentListWithdrawn"
    VERSION: ClassVar[int] = 1

    payment_list_id: uuid.UUID
    actor: str
    reason: str | None


CONTRACTS: tuple[type[Contract], ...] = (
    PaymentListDrawnUpV1,
    PaymentListApprovedV1,
    PaymentListWithdrawnV1,
)


def register(registry: ContractRegistry) -> None:
    for contract in CONTRACTS:
        registry.register(contract.TYPE, contract.VERSION, contract)
