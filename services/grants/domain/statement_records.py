"""What grants keeps of the provider's statements: each statement applied once (its id is
recorded with the outcomes, in the same save), and each line it could not apply as an
exception for a person to resolve. Both ids are derived from the statement's id, so a
statement offered again after a crash collides instead of being applied twice."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from services.grants.domain.actors import ADMIN, APPROVER, Actor
from services.grants.domain.decision_rules import AccessRule, StepMustGiveAReason
from shared.rules import BusinessRule, check


class AppliedStatement(Aggregate):
    class Applied(Aggregate.Created):
        statement_id: str
        lines: int
        confirmed: int
        failed: int
        reversed: int
        exceptions: int
        actor: str

    @staticmethod
    def create_id(statement_id: str) -> UUID:
        return uuid5(NAMESPACE_URL, f"taawun:statement:{statement_id}")

    @event(Applied)
    def __init__(
        self,
        *,
        statement_id: str,
        lines: int,
        confirmed: int,
        failed: int,
        reversed: int,
        exceptions: int,
        actor: str,
    ) -> None:
        self.statement_id = statement_id
        self.lines = lines
        self.confirmed = confirmed
        self.failed = failed
        self.reversed = reversed
        self.exceptions = exceptions


@dataclass(frozen=True)
class ExceptionMustBeOpen(BusinessRule):
    resolved_by: str | None
    message = "this exception is already resolved"
    field = "status"
    conflict = True

    def is_broken(self) -> bool:
        return self.resolved_by is not None


@dataclass(frozen=True)
class ExceptionIsResolvedByAnApproverOrAnAdmin(AccessRule):
    actor: Actor
    province_code: str | None
    message = "a reconciliation exception is resolved by an approver of the province or an admin"
    field = "actor"

    def is_broken(self) -> bool:
        if ADMIN in self.actor.roles:
            return False
        return not self.actor.acts_as(APPROVER, self.province_code or "")


class StatementException(Aggregate):
    """A statement line not applied: an unknown reference, a duplicate, an amount that
    differs, an outcome the order's state does not allow, or a reversal (money returned to
    the agency's account after it was disbursed: a person decides what the envelope gets
    back)."""

    class Raised(Aggregate.Created):
        statement_id: str
        line_number: int
        kind: str
        explanation: str
        reference: str
        amount_centimes: int
        line_status: str
        reason: str | None
        order_id: UUID | None
        programme_id: UUID | None
        cycle: str | None
        province_code: str | None
        actor: str  # who applied the statement that raised it
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["actor"] = "grants"  # statements were applied by grants itself then

    class Resolved(Aggregate.Event):
        actor: str
        reason: str | None

    @staticmethod
    def create_id(statement_id: str, line_number: int) -> UUID:
        return uuid5(NAMESPACE_URL, f"taawun:statement-exception:{statement_id}:{line_number}")

    @event(Raised)
    def __init__(
        self,
        *,
        statement_id: str,
        line_number: int,
        kind: str,
        explanation: str,
        reference: str,
        amount_centimes: int,
        line_status: str,
        reason: str | None,
        order_id: UUID | None,
        programme_id: UUID | None,
        cycle: str | None,
        province_code: str | None,
        actor: str,
    ) -> None:
        self.statement_id = statement_id
        self.line_number = line_number
        self.kind = kind
        self.explanation = explanation
        self.reference = reference
        self.amount_centimes = amount_centimes
        self.line_status = line_status
        self.reason = reason
        self.order_id = order_id
        self.programme_id = programme_id
        self.cycle = cycle
        self.province_code = province_code
        self.resolved_by: str | None = None
        self.resolution: str | None = None

    @property
    def status(self) -> str:
        return "open" if self.resolved_by is None else "resolved"

    def resolve(self, actor: Actor, *, reason: str | None) -> None:
        check(
            ExceptionIsResolvedByAnApproverOrAnAdmin(actor, self.province_code),
            ExceptionMustBeOpen(self.resolved_by),
            StepMustGiveAReason(reason),
        )
        self._resolved(actor=actor.user, reason=reason)

    @event(Resolved)
    def _resolved(self, *, actor: str, reason: str | None) -> None:
        self.resolved_by = actor
        self.resolution = reason
