"""A provider's statement lines set against the orders grants sent, line by line. Only what
follows from an order's state is reconciled (to be applied to the order); anything else is an
exception listed for a person to resolve, never applied: a reference grants never sent, the same
outcome reported twice, an amount that differs from the order's, or an outcome the order's
state does not allow (confirmed after it failed, reversed before it was confirmed)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from services.grants.application.payment_provider import StatementLine, StatementStatus
from shared.money import Money


class OrderState(StrEnum):
    SENT = "sent"
    CONFIRMED = "confirmed"
    FAILED = "failed"
    REVERSED = "reversed"


@dataclass(frozen=True)
class SentOrder:
    """What reconciliation needs of a payment order: its amount and where it stands."""

    amount: Money
    state: OrderState


class ExceptionKind(StrEnum):
    UNKNOWN_REFERENCE = "unknown_reference"
    DUPLICATE = "duplicate"
    AMOUNT_DIFFERS = "amount_differs"
    UNEXPECTED_STATUS = "unexpected_status"


@dataclass(frozen=True)
class ReconciledLine:
    """A line to apply to its order: `outcome` is what becomes of the order (a return of a
    payment already confirmed reverses it, with the return's reason)."""

    line: StatementLine
    outcome: StatementStatus
    state_before: OrderState


@dataclass(frozen=True)
class ReconciliationException:
    line: StatementLine
    kind: ExceptionKind
    explanation: str


@dataclass(frozen=True)
class Reconciliation:
    reconciled: tuple[ReconciledLine, ...]
    exceptions: tuple[ReconciliationException, ...]

    def outcomes(self, outcome: StatementStatus) -> list[ReconciledLine]:
        return [r for r in self.reconciled if r.outcome is outcome]


# (order state, line status) -> outcome; a pair not listed is an exception.
_ALLOWED: dict[tuple[OrderState, StatementStatus], StatementStatus] = {
    (OrderState.SENT, StatementStatus.CONFIRMED): StatementStatus.CONFIRMED,
    (OrderState.SENT, StatementStatus.FAILED): StatementStatus.FAILED,
    (OrderState.CONFIRMED, StatementStatus.REVERSED): StatementStatus.REVERSED,
    (OrderState.CONFIRMED, StatementStatus.FAILED): StatementStatus.REVERSED,
}
_STATE_AFTER = {
    StatementStatus.CONFIRMED: OrderState.CONFIRMED,
    StatementStatus.FAILED: OrderState.FAILED,
    StatementStatus.REVERSED: OrderState.REVERSED,
}


def _already(state: OrderState, status: StatementStatus) -> bool:
    return _STATE_AFTER[status] is state


def reconcile(orders: Mapping[str, SentOrder], lines: Iterable[StatementLine]) -> Reconciliation:
    """Each line, in order, is either reconciled or an exception; a line reconciled moves its
    order's state for the lines after it, so a statement confirming one order twice yields one
    confirmation and one duplicate."""
    states = {reference: order.state for reference, order in orders.items()}
    reconciled: list[ReconciledLine] = []
    exceptions: list[ReconciliationException] = []

    def refuse(line: StatementLine, kind: ExceptionKind, explanation: str) -> None:
        exceptions.append(ReconciliationException(line, kind, explanation))

    for line in lines:
        order = orders.get(line.reference)
        if order is None:
            refuse(line, ExceptionKind.UNKNOWN_REFERENCE, "no order was sent with this reference")
            continue
        if line.amount != order.amount:
            refuse(
                line,
                ExceptionKind.AMOUNT_DIFFERS,
                f"the statement says {line.amount}, the order is for {order.amount}",
            )
            continue
        state = states[line.reference]
        outcome = _ALLOWED.get((state, line.status))
        if outcome is None:
            kind = (
                ExceptionKind.DUPLICATE
                if _already(state, line.status)
                else ExceptionKind.UNEXPECTED_STATUS
            )
            refuse(line, kind, f"{line.status} reported for an order already {state}")
            continue
        reconciled.append(ReconciledLine(line, outcome, state))
        states[line.reference] = _STATE_AFTER[outcome]
    return Reconciliation(tuple(reconciled), tuple(exceptions))
