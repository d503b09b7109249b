"""Approved decisions become orders, and a payment list's orders leave as one batch.

Every order's id is `order_id(programme, cycle, component, subject)`: issuing the same thing
again (a second replica, a redelivered message, a rerun after a crash) collides in the event
store and is counted "already issued", never a second order. A list leaves in this order:
every line issued, the batch submitted (the provider refuses a list it already has), then the
instalments marked sent; a run killed anywhere in between is simply run again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from services.grants.application.disbursement_ports import (
    DisbursementRecords,
    Payees,
    RecordsChangedMeanwhile,
)
from services.grants.application.order_references import (
    instalment_reference,
    list_batch_id,
    retry_batch_id,
)
from services.grants.application.order_retries import retry_holding
from services.grants.application.order_sending import mark_sent
from services.grants.application.payment_provider import (
    Account,
    PaymentBatch,
    PaymentInstruction,
    PaymentListAlreadySubmitted,
    PaymentProvider,
    Submission,
)
from services.grants.domain.actors import Actor
from services.grants.domain.decision import Decision
from services.grants.domain.delivery_order import DeliveryOrder
from services.grants.domain.order import PaymentOrder
from services.grants.domain.order_values import InstalmentStatus, order_id
from services.grants.domain.payment_list import PaymentList

CHUNK = 500  # orders saved per transaction
Order = PaymentOrder | DeliveryOrder


class NoOrder(LookupError):
    def __init__(self, order_id: UUID) -> None:
        super().__init__(f"no order {order_id}")
        self.order_id = order_id


class OrderAlreadyIssued(Exception):
    """The same component, cycle and subject already has its order (HTTP 409)."""

    def __init__(self, order_id: UUID) -> None:
        super().__init__(f"order {order_id} is already issued")
        self.order_id = order_id


@dataclass(frozen=True)
class Agency:
    """The account payment lists are paid from."""

    name: str
    account: Account
    bic: str | None = None


@dataclass(frozen=True)
class Issued:
    issued: tuple[UUID, ...]
    already: tuple[UUID, ...]  # collided: another run or replica issued them first


@dataclass(frozen=True)
class Sent:
    submissions: tuple[Submission, ...]
    already_submitted: tuple[UUID, ...]  # batch ids the provider already had
    marked: int  # instalments marked sent by this run


def order_for(decision: Decision) -> Order:
    if decision.amount_centimes is None:
        return DeliveryOrder.issue(decision, actor="grants")
    return PaymentOrder.issue(decision, actor="grants")


def orders_of_list(payment_list: PaymentList) -> list[UUID]:
    return [
        order_id(payment_list.programme_id, payment_list.cycle, payment_list.component, s)
        for s in sorted(line.subject_id for line in payment_list.lines.values())
    ]


@dataclass
class Disbursements:
    records: DisbursementRecords
    provider: PaymentProvider
    payees: Payees
    agency: Agency
    today: Callable[[], date] = date.today
    chunk: int = CHUNK
    _known: dict[UUID, Order] = field(default_factory=dict, repr=False)

    def issue(self, decisions: Iterable[Decision]) -> Issued:
        """An order per approved decision, `chunk` per transaction; a chunk that collides is
        saved again one order at a time so only the ones issued before are left out."""
        issued: list[UUID] = []
        already: list[UUID] = []
        todo = list(decisions)
        for start in range(0, len(todo), self.chunk):
            part = todo[start : start + self.chunk]
            orders = [order_for(d) for d in part]
            try:
                self.records.save(*orders)
            except RecordsChangedMeanwhile:
                for decision in part:
                    order = order_for(decision)
                    try:
                        self.records.save(order)
                    except RecordsChangedMeanwhile:
                        already.append(order.id)
                        continue
                    self._known[order.id] = order
                    issued.append(order.id)
                continue
            self._known.update((o.id, o) for o in orders)
            issued.extend(o.id for o in orders)
        return Issued(tuple(issued), tuple(already))

    def issue_one(self, decision: Decision) -> Order:
        issued = self.issue([decision])
        if issued.already:
            raise OrderAlreadyIssued(issued.already[0])
        return self.order(issued.issued[0])

    def order(self, order_id: UUID) -> Order:
        known = self._known.pop(order_id, None)
        if known is not None:
            return known
        found = self.records.get(order_id)
        if not isinstance(found, PaymentOrder | DeliveryOrder):
            raise NoOrder(order_id)
        return found

    def orders(self, order_ids: Sequence[UUID]) -> dict[UUID, Order]:
        """Those of these orders that exist, by id: the ones just issued as they were
        saved, the others loaded together."""
        found = {o: k for o in order_ids if (k := self._known.pop(o, None)) is not None}
        loaded = self.records.get_many([o for o in order_ids if o not in found])
        found.update(
            (i, r) for i, r in loaded.items() if isinstance(r, PaymentOrder | DeliveryOrder)
        )
        return found

    def send_list(
        self, payment_list: PaymentList, *, actor: str, issued: Mapping[UUID, Order] | None = None
    ) -> Sent:
        """The list's cash orders not sent yet, as one batch per instalment number.
        `issued`: the list's orders as just loaded (`orders`), else they are loaded here."""
        wanted = orders_of_list(payment_list)
        found = self.orders(wanted) if issued is None else issued
        waiting: dict[int, list[PaymentOrder]] = {}
        for oid in wanted:
            order = found.get(oid)
            if order is None:
                raise NoOrder(oid)
            if not isinstance(order, PaymentOrder):
                continue
            number = _first_never_sent(order)
            if number is not None:
                waiting.setdefault(number, []).append(order)
        each = [
            self._send(list_batch_id(payment_list.id, number), orders, number, actor)
            for number, orders in sorted(waiting.items())
        ]
        return Sent(
            tuple(s for one in each for s in one.submissions),
            tuple(b for one in each for b in one.already_submitted),
            sum(one.marked for one in each),
        )

    def retry(self, order_id: UUID, instalment: int, *, actor: str, reason: str | None) -> Sent:
        """A failed instalment, retried (an event on the order, its part held again on the
        envelope: application/order_retries.py), leaves again on its own."""
        order = retry_holding(self.records, order_id, instalment, actor=actor, reason=reason)
        if order is None:
            raise NoOrder(order_id)
        attempt = order.instalment(instalment).attempts + 1
        return self._send(retry_batch_id(order.id, instalment, attempt), [order], instalment, actor)

    def confirm_delivery(self, order_id: UUID, caseworker: Actor, *, reason: str | None) -> Order:
        order = self.order(order_id)
        if not isinstance(order, DeliveryOrder):
            raise NoOrder(order_id)
        order.confirm_delivery(caseworker, reason=reason)
        self.records.save(order)
        return order

    def _send(self, batch_id: UUID, orders: list[PaymentOrder], number: int, actor: str) -> Sent:
        references = {
            o.id: instalment_reference(o.id, number, o.instalment(number).attempts + 1)
            for o in orders
        }
        batch = PaymentBatch(
            payment_list_id=batch_id,
            debtor_name=self.agency.name,
            debtor_account=self.agency.account,
            requested_execution=self.today(),
            instructions=tuple(self._instruction(o, number, references[o.id]) for o in orders),
            debtor_agent_bic=self.agency.bic,
        )
        try:
            submissions: tuple[Submission, ...] = (self.provider.submit(batch),)
            already: tuple[UUID, ...] = ()
        except PaymentListAlreadySubmitted:
            submissions, already = (), (batch_id,)
        marked = mark_sent(self.records, orders, number, references, actor=actor, chunk=self.chunk)
        return Sent(submissions, already, marked)

    def _instruction(self, order: PaymentOrder, number: int, reference: str) -> PaymentInstruction:
        payee = self.payees.payee(order.subject_id)
        return PaymentInstruction(
            reference=reference,
            payee_name=payee.name,
            payee_account=payee.account,
            amount=order.instalment(number).amount,
            remittance=f"{order.component} {order.cycle}"[:140],
        )


def _first_never_sent(order: PaymentOrder) -> int | None:
    for number, instalment in enumerate(order.instalments, start=1):
        if instalment.status is InstalmentStatus.PENDING and instalment.attempts == 0:
            return number
    return None
