"""Rules of payment and delivery orders and of their instalments."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from services.grants.domain.actors import CASEWORKER, Actor
from services.grants.domain.decision_rules import AccessRule
from services.grants.domain.order_values import InstalmentStatus
from shared.rules import BusinessRule


@dataclass(frozen=True)
class OrderIsForAnApprovedDecision(BusinessRule):
    status: str
    message = "an order is issued only for an approved decision"
    field = "decision_id"

    def is_broken(self) -> bool:
        return self.status != "approved"


@dataclass(frozen=True)
class PaymentOrderIsForAnAmount(BusinessRule):
    amount_centimes: int | None
    message = "a payment order is for an amount in dirhams: in-kind aid gets a delivery order"
    field = "amount"

    def is_broken(self) -> bool:
        return self.amount_centimes is None or self.amount_centimes <= 0


@dataclass(frozen=True)
class DeliveryOrderIsForNamedItems(BusinessRule):
    items: Sequence[str]
    message = "a delivery order names the items delivered: cash aid gets a payment order"
    field = "items"

    def is_broken(self) -> bool:
        return not self.items


@dataclass(frozen=True)
class InstalmentsMustAddUpToTheAmount(BusinessRule):
    instalments: Sequence[int]
    amount_centimes: int | None
    message = "the instalments must each be above zero and add up to the decided amount"
    field = "instalments"

    def is_broken(self) -> bool:
        if not self.instalments or any(i <= 0 for i in self.instalments):
            return True
        return sum(self.instalments) != self.amount_centimes


@dataclass(frozen=True)
class InstalmentMustExist(BusinessRule):
    number: int
    count: int
    message = "no such instalment on this order"
    field = "instalment"

    def is_broken(self) -> bool:
        return not 1 <= self.number <= self.count


@dataclass(frozen=True)
class InstalmentMustBe(BusinessRule):
    """Sent when pending; confirmed or failed when sent; retried when failed; reversed when
    confirmed. A confirmation of a confirmed instalment is refused (a duplicate)."""

    status: InstalmentStatus
    expected: InstalmentStatus
    message = "the instalment is not at the step this needs (a duplicate, or out of order)"
    field = "instalment"

    def is_broken(self) -> bool:
        return self.status is not self.expected


@dataclass(frozen=True)
class ProviderReferenceMustBeGiven(BusinessRule):
    reference: str
    message = "the payment provider's reference is required"
    field = "provider_reference"

    def is_broken(self) -> bool:
        return not self.reference.strip()


@dataclass(frozen=True)
class ConfirmationMustNameTheReferenceSent(BusinessRule):
    reference: str
    sent: str | None
    message = "the provider's reference is not the one this instalment was last sent with"
    field = "provider_reference"

    def is_broken(self) -> bool:
        return self.reference != self.sent


@dataclass(frozen=True)
class DeliveryIsConfirmedByACaseworkerOfTheProvince(AccessRule):
    actor: Actor
    province_code: str
    message = "an in-kind delivery is confirmed by a caseworker of the province"
    field = "actor"

    def is_broken(self) -> bool:
        return not self.actor.acts_as(CASEWORKER, self.province_code)


@dataclass(frozen=True)
class DeliveryMustBeAwaited(BusinessRule):
    delivered: bool
    failed: bool
    expect_failed: bool = False
    message = "the delivery is not at the step this needs (already delivered, or not failed)"
    field = "status"

    def is_broken(self) -> bool:
        return self.delivered or self.failed is not self.expect_failed
