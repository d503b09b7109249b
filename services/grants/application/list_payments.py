"""Paying an approved payment list, step by step, as an approver of its province or an admin
asks: its orders issued, its cash orders sent as one batch, a failed payment retried, and the
provider's statements received. Each step may be asked again: issuing finds the orders issued
(counted "already issued"), sending finds nothing left to send, and a statement applied before
is only acknowledged."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from uuid import UUID

from services.grants.application.decisions import Decisions
from services.grants.application.disbursements import (
    Disbursements,
    Issued,
    NoOrder,
    Order,
    Sent,
    orders_of_list,
)
from services.grants.application.payment_lists import PaymentLists
from services.grants.application.statements import StatementOutcome, Statements
from services.grants.domain.actors import ADMIN, APPROVER, Actor
from services.grants.domain.decision_rules import AccessRule
from services.grants.domain.order import PaymentOrder
from services.grants.domain.order_values import InstalmentStatus
from services.grants.domain.payment_list import PaymentList
from shared.rules import BusinessRule, check


@dataclass(frozen=True)
class PayingIsForAnApproverOfTheProvinceOrAnAdmin(AccessRule):
    actor: Actor
    province_code: str
    message = "only an approver of the province, or an admin, may pay it"

    def is_broken(self) -> bool:
        return ADMIN not in self.actor.roles and not self.actor.acts_as(
            APPROVER, self.province_code
        )


@dataclass(frozen=True)
class ListMustBeApprovedToBePaid(BusinessRule):
    approved: bool
    message = "the payment list is not approved yet: it has no orders to issue"
    field = "payment_list_id"
    conflict = True

    def is_broken(self) -> bool:
        return not self.approved


@dataclass(frozen=True)
class OrdersMustBeIssuedToBeSent(BusinessRule):
    missing: int
    message = "the payment list's orders are not issued yet: issue them first"
    field = "payment_list_id"
    conflict = True

    def is_broken(self) -> bool:
        return self.missing > 0


@dataclass(frozen=True)
class OrderMustHaveAFailedPayment(BusinessRule):
    failed: bool
    message = "the order has no failed payment to retry"
    field = "order_id"
    conflict = True

    def is_broken(self) -> bool:
        return not self.failed


@dataclass(frozen=True)
class ListOrders:
    payment_list: PaymentList
    issued: Issued
    orders: tuple[Order, ...]


@dataclass(frozen=True)
class ListSending:
    payment_list: PaymentList
    sent: Sent


@dataclass(frozen=True)
class Retried:
    order: Order
    instalment: int
    sent: Sent


class ListPayments:
    def __init__(
        self,
        lists: PaymentLists,
        decisions: Decisions,
        disbursements: Disbursements,
        statements: Statements,
    ) -> None:
        self._lists = lists
        self._decisions = decisions
        self._disbursements = disbursements
        self._statements = statements

    def issue_orders(self, payment_list_id: UUID, actor: Actor) -> ListOrders:
        payment_list = self._payable(payment_list_id, actor)
        check(ListMustBeApprovedToBePaid(payment_list.is_approved))
        issued = self._disbursements.issue(
            self._decisions.decisions(sorted(payment_list.lines, key=str))
        )
        wanted = orders_of_list(payment_list)
        found = self._disbursements.orders(wanted)
        return ListOrders(payment_list, issued, tuple(_each(wanted, found)))

    def send(self, payment_list_id: UUID, actor: Actor) -> ListSending:
        payment_list = self._payable(payment_list_id, actor)
        check(ListMustBeApprovedToBePaid(payment_list.is_approved))
        wanted = orders_of_list(payment_list)
        issued = self._disbursements.orders(wanted)
        check(OrdersMustBeIssuedToBeSent(sum(1 for o in wanted if o not in issued)))
        sent = self._disbursements.send_list(payment_list, actor=actor.user, issued=issued)
        return ListSending(payment_list, sent)

    def retry(self, order_id: UUID, actor: Actor, *, reason: str | None) -> Retried:
        """The order's first failed instalment, retried and sent again on its own."""
        order = self._disbursements.order(order_id)
        check(PayingIsForAnApproverOfTheProvinceOrAnAdmin(actor, order.province_code))
        failed = [
            n
            for n, i in enumerate(order.instalments if isinstance(order, PaymentOrder) else (), 1)
            if i.status is InstalmentStatus.FAILED
        ]
        check(OrderMustHaveAFailedPayment(bool(failed)))
        sent = self._disbursements.retry(order_id, failed[0], actor=actor.user, reason=reason)
        return Retried(self._disbursements.order(order_id), failed[0], sent)

    def receive_statements(self, actor: Actor) -> list[StatementOutcome]:
        return self._statements.receive(actor=actor.user)

    def _payable(self, payment_list_id: UUID, actor: Actor) -> PaymentList:
        payment_list = self._lists.payment_list(payment_list_id)
        check(PayingIsForAnApproverOfTheProvinceOrAnAdmin(actor, payment_list.province_code))
        return payment_list


def _each(wanted: list[UUID], found: Mapping[UUID, Order]) -> Iterator[Order]:
    for order_id in wanted:
        if order_id not in found:
            raise NoOrder(order_id)
        yield found[order_id]
