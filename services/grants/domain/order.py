"""A payment order: an approved cash decision on its way to the household or person. Its id
(`order_id`, shared with delivery orders) makes a second order for the same thing collide.
Each instalment is sent, confirmed or failed (why), retried, reversed: each an event.
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from services.grants.domain.decision import Decision
from services.grants.domain.decision_rules import StepMustGiveAReason
from services.grants.domain.order_rules import (
    ConfirmationMustNameTheReferenceSent,
    InstalmentMustBe,
    InstalmentMustExist,
    InstalmentsMustAddUpToTheAmount,
    OrderIsForAnApprovedDecision,
    PaymentOrderIsForAnAmount,
    ProviderReferenceMustBeGiven,
)
from services.grants.domain.order_values import (
    Instalment,
    InstalmentStatus,
    order_id,
    order_status,
    with_changed,
)
from shared.money import Money
from shared.rules import check

St = InstalmentStatus


class PaymentOrder(Aggregate):
    class Issued(Aggregate.Created):
        decision_id: UUID
        programme_id: UUID
        cycle: str
        component: str
        subject_id: UUID
        province_code: str
        payment_list_id: UUID | None
        instalments: list[int]
        actor: str
        reason: str | None
        traceparent: str | None

    class InstalmentEvent(Aggregate.Event):
        instalment: int
        actor: str
        reason: str | None
        traceparent: str | None

    class Sent(InstalmentEvent):
        provider_reference: str

    class Confirmed(InstalmentEvent):
        provider_reference: str

    class Failed(InstalmentEvent): ...

    class Retried(InstalmentEvent): ...

    class Reversed(InstalmentEvent): ...

    @staticmethod
    def create_id(programme_id: UUID, cycle: str, component: str, subject_id: UUID) -> UUID:
        return order_id(programme_id, cycle, component, subject_id)

    @event(Issued)
    def __init__(
        self,
        *,
        decision_id: UUID,
        programme_id: UUID,
        cycle: str,
        component: str,
        subject_id: UUID,
        province_code: str,
        payment_list_id: UUID | None,
        instalments: list[int],
        actor: str,
        reason: str | None,
        traceparent: str | None,
    ) -> None:
        self.decision_id = decision_id
        self.programme_id = programme_id
        self.cycle = cycle
        self.component = component
        self.subject_id = subject_id
        self.province_code = province_code
        self.payment_list_id = payment_list_id
        self.instalments = tuple(Instalment(amount) for amount in instalments)

    @classmethod
    def issue(
        cls,
        decision: Decision,
        *,
        instalments: Sequence[Money] | None = None,  # None: one, of the whole amount
        actor: str,
        reason: str | None = None,
        traceparent: str | None = None,
    ) -> PaymentOrder:
        amount = decision.amount_centimes
        plan = [m.centimes for m in instalments] if instalments else [amount or 0]
        check(
            OrderIsForAnApprovedDecision(str(decision.status)),
            PaymentOrderIsForAnAmount(amount),
            InstalmentsMustAddUpToTheAmount(plan, amount),
        )
        return cls(
            decision_id=decision.id,
            programme_id=decision.programme_id,
            cycle=decision.cycle,
            component=decision.component,
            subject_id=decision.subject_id,
            province_code=decision.province_code,
            payment_list_id=decision.payment_list_id,
            instalments=plan,
            actor=actor,
            reason=reason,
            traceparent=traceparent,
        )

    @property
    def amount(self) -> Money:
        return Money(sum(i.amount_centimes for i in self.instalments))

    @property
    def paid(self) -> Money:
        """What the subject holds from this order: confirmed and not reversed."""
        return Money(sum(i.amount_centimes for i in self.instalments if i.status is St.CONFIRMED))

    @property
    def status(self) -> str:
        return order_status(self.instalments)

    def instalment(self, number: int) -> Instalment:
        check(InstalmentMustExist(number, len(self.instalments)))
        return self.instalments[number - 1]

    def send(
        self, instalment: int, provider_reference: str, *, actor: str, trace: str | None = None
    ) -> None:
        check(
            InstalmentMustBe(self.instalment(instalment).status, St.PENDING),
            ProviderReferenceMustBeGiven(provider_reference),
        )
        self._sent(
            instalment=instalment,
            provider_reference=provider_reference,
            actor=actor,
            reason=None,
            traceparent=trace,
        )

    @event(Sent)
    def _sent(
        self,
        *,
        instalment: int,
        provider_reference: str,
        actor: str,
        reason: str | None,
        traceparent: str | None,
    ) -> None:
        self.instalments = with_changed(
            self.instalments,
            instalment,
            status=St.SENT,
            provider_reference=provider_reference,
            attempts=self.instalments[instalment - 1].attempts + 1,
        )

    def confirm(
        self, instalment: int, provider_reference: str, *, actor: str, trace: str | None = None
    ) -> None:
        """A second confirmation of the same instalment is refused: the caller lists it as a
        duplicate for a person to look at, never applies it."""
        current = self.instalment(instalment)
        check(
            InstalmentMustBe(current.status, St.SENT),
            ConfirmationMustNameTheReferenceSent(provider_reference, current.provider_reference),
        )
        self._confirmed(
            instalment=instalment,
            provider_reference=provider_reference,
            actor=actor,
            reason=None,
            traceparent=trace,
        )

    @event(Confirmed)
    def _confirmed(
        self,
        *,
        instalment: int,
        provider_reference: str,
        actor: str,
        reason: str | None,
        traceparent: str | None,
    ) -> None:
        self.instalments = with_changed(self.instalments, instalment, status=St.CONFIRMED)

    def fail(
        self, instalment: int, *, reason: str | None, actor: str, trace: str | None = None
    ) -> None:
        check(
            InstalmentMustBe(self.instalment(instalment).status, St.SENT),
            StepMustGiveAReason(reason),
        )
        self._failed(instalment=instalment, actor=actor, reason=reason, traceparent=trace)

    @event(Failed)
    def _failed(
        self, *, instalment: int, actor: str, reason: str | None, traceparent: str | None
    ) -> None:
        self.instalments = with_changed(self.instalments, instalment, status=St.FAILED)

    def retry(
        self, instalment: int, *, actor: str, reason: str | None = None, trace: str | None = None
    ) -> None:
        check(InstalmentMustBe(self.instalment(instalment).status, St.FAILED))
        self._retried(instalment=instalment, actor=actor, reason=reason, traceparent=trace)

    @event(Retried)
    def _retried(
        self, *, instalment: int, actor: str, reason: str | None, traceparent: str | None
    ) -> None:
        self.instalments = with_changed(self.instalments, instalment, status=St.PENDING)

    def reverse(
        self, instalment: int, *, reason: str | None, actor: str, trace: str | None = None
    ) -> None:
        check(
            InstalmentMustBe(self.instalment(instalment).status, St.CONFIRMED),
            StepMustGiveAReason(reason),
        )
        self._reversed(instalment=instalment, actor=actor, reason=reason, traceparent=trace)

    @event(Reversed)
    def _reversed(
        self, *, instalment: int, actor: str, reason: str | None, traceparent: str | None
    ) -> None:
        self.instalments = with_changed(self.instalments, instalment, status=St.REVERSED)
