"""Contracts grants publishes about orders: an approved decision on its way, as a payment
order (cash, in instalments) or a delivery order (in kind). Both share one id per programme,
cycle, component and subject (`order_id`), so a second order for the same thing never exists.
The provider's reference is the bank's or cash network's, not personal data."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, ClassVar

from shared.contracts.amounts import Amount
from shared.contracts.base import Contract

if TYPE_CHECKING:
    from shared.contracts.registry import ContractRegistry

ORDERS_TOPIC = "grants.orders"


class PaymentOrderIssuedV1(Contract):
    """`instalments` are the amounts of instalments 1, 2, ... in order; they add up to
    `amount`, the decision's."""

    TYPE: ClassVar[str] = "PaymentOrderIssued"
    VERSION: ClassVar[int] = 1

    order_id: uuid.UUID
    decision_id: uuid.UUID
    programme_id: uuid.UUID
    cycle: str
    component: str
    subject_id: uuid.UUID
    province_code: str
    payment_list_id: uuid.UUID | None
    amount: Amount
    instalments: list[Amount]
    actor: str
    reason: str | None


class _InstalmentStepV1(Contract):
    order_id: uuid.UUID
    instalment: int
    actor: str
    reason: str | None


class PaymentSentV1(_InstalmentStepV1):
    TYPE: ClassVar[str] = "PaymentSent"
    VERSION: ClassVar[int] = 1

    provider_reference: str


class PaymentConfirmedV1(_InstalmentStepV1):
    """The provider paid the instalment: the subject holds its amount."""

    TYPE: ClassVar[str] = "PaymentConfirmed"
    VERSION: ClassVar[int] = 1

    provider_reference: str


class PaymentFailedV1(_InstalmentStepV1):
    """The provider could not pay the instalment; `reason` says why. It may be retried."""

    TYPE: ClassVar[str] = "PaymentFailed"
    VERSION: ClassVar[int] = 1


class PaymentRetriedV1(_InstalmentStepV1):
    """A failed instalment is to be sent again."""

    TYPE: ClassVar[str] = "PaymentRetried"
    VERSION: ClassVar[int] = 1


class PaymentReversedV1(_InstalmentStepV1):
    """A confirmed instalment was reversed: the subject no longer holds its amount."""

    TYPE: ClassVar[str] = "PaymentReversed"
    VERSION: ClassVar[int] = 1


class DeliveryOrderIssuedV1(Contract):
    TYPE: ClassVar[str] = "DeliveryOrderIssued"
    VERSION: ClassVar[int] = 1

    order_id: uuid.UUID
    decision_id: uuid.UUID
    programme_id: uuid.UUID
    cycle: str
    component: str
    subject_id: uuid.UUID
    province_code: str
    items: list[str]
    actor: str
    reason: str | None


class _DeliveryStepV1(Contract):
    order_id: uuid.UUID
    actor: str
    reason: str | None


class DeliveryConfirmedV1(_DeliveryStepV1):
    """A caseworker of the province confirmed the items were delivered."""

    TYPE: ClassVar[str] = "DeliveryConfirmed"
    VERSION: ClassVar[int] = 1


class DeliveryFailedV1(_DeliveryStepV1):
    """The delivery failed; `reason` says why. It may be retried."""

    TYPE: ClassVar[str] = "DeliveryFailed"
    VERSION: ClassVar[int] = 1


class DeliveryRetriedV1(_DeliveryStepV1):
    TYPE: ClassVar[str] = "DeliveryRetried"
    VERSION: ClassVar[int] = 1


CONTRACTS: tuple[type[Contract], ...] = (
    PaymentOrderIssuedV1,
    PaymentSentV1,
    PaymentConfirmedV1,
    PaymentFailedV1,
    PaymentRetriedV1,
    PaymentReversedV1,
    DeliveryOrderIssuedV1,
    DeliveryConfirmedV1,
    DeliveryFailedV1,
    DeliveryRetriedV1,
)


def register(registry: ContractRegistry) -> None:
    for contract in CONTRACTS:
        registry.register(contract.TYPE, contract.VERSION, contract)
