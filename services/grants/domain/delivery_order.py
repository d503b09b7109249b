"""A delivery order: an approved in-kind decision (a wheelchair, a food basket) on its way.

Its id is the same `order_id` as a payment order's, so one thing is ordered once whatever its
form. A caseworker of the province confirms the delivery; a failed one says why and is retried.
"""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import Aggregate, event

from services.grants.domain.actors import Actor
from services.grants.domain.decision import Decision
from services.grants.domain.decision_rules import StepMustGiveAReason
from services.grants.domain.order_rules import (
    DeliveryIsConfirmedByACaseworkerOfTheProvince,
    DeliveryMustBeAwaited,
    DeliveryOrderIsForNamedItems,
    OrderIsForAnApprovedDecision,
)
from services.grants.domain.order_values import order_id
from shared.rules import check


class DeliveryOrder(Aggregate):
    class Issued(Aggregate.Created):
        decision_id: UUID
        programme_id: UUID
        cycle: str
        component: str
        subject_id: UUID
        province_code: str
        items: list[str]
        actor: str
        reason: str | None
        traceparent: str | None

    class Step(Aggregate.Event):
        actor: str
        reason: str | None
        traceparent: str | None

    class DeliveryConfirmed(Step): ...

    class DeliveryFailed(Step): ...

    class DeliveryRetried(Step): ...

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
        items: list[str],
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
        self.items = tuple(items)
        self.delivered_by: str | None = None
        self.failed = False

    @classmethod
    def issue(
        cls,
        decision: Decision,
        *,
        actor: str,
        reason: str | None = None,
        traceparent: str | None = None,
    ) -> DeliveryOrder:
        check(
            OrderIsForAnApprovedDecision(str(decision.status)),
            DeliveryOrderIsForNamedItems(decision.items),
        )
        return cls(
            decision_id=decision.id,
            programme_id=decision.programme_id,
            cycle=decision.cycle,
            component=decision.component,
            subject_id=decision.subject_id,
            province_code=decision.province_code,
            items=list(decision.items),
            actor=actor,
            reason=reason,
            traceparent=traceparent,
        )

    @property
    def status(self) -> str:
        if self.delivered_by is not None:
            return "delivered"
        return "failed" if self.failed else "issued"

    def confirm_delivery(
        self, caseworker: Actor, *, reason: str | None = None, trace: str | None = None
    ) -> None:
        check(
            DeliveryMustBeAwaited(self.delivered_by is not None, self.failed),
            DeliveryIsConfirmedByACaseworkerOfTheProvince(caseworker, self.province_code),
        )
        self._confirmed(actor=caseworker.user, reason=reason, traceparent=trace)

    @event(DeliveryConfirmed)
    def _confirmed(self, *, actor: str, reason: str | None, traceparent: str | None) -> None:
        self.delivered_by = actor

    def fail(self, *, actor: str, reason: str | None, trace: str | None = None) -> None:
        check(
            DeliveryMustBeAwaited(self.delivered_by is not None, self.failed),
            StepMustGiveAReason(reason),
        )
        self._failed(actor=actor, reason=reason, traceparent=trace)

    @event(DeliveryFailed)
    def _failed(self, *, actor: str, reason: str | None, traceparent: str | None) -> None:
        self.failed = True

    def retry(self, *, actor: str, reason: str | None = None, trace: str | None = None) -> None:
        check(DeliveryMustBeAwaited(self.delivered_by is not None, self.failed, True))
        self._retried(actor=actor, reason=reason, traceparent=trace)

    @event(DeliveryRetried)
    def _retried(self, *, actor: str, reason: str | None, traceparent: str | None) -> None:
        self.failed = False
