"""The provider's statements applied to the orders, each once.

Per statement, in one save: every line reconciled (application/reconciliation.py) moves its
order (confirmed, failed, reversed) and its hold on the envelope (the hold's id is the
decision's): a confirmed instalment posts its part (disbursed), a failed one releases it
(available again); every other line becomes a `StatementException`
for a person; and an `AppliedStatement` named by the statement's id. A statement offered again
after a crash finds that record (or collides on it) and is only acknowledged.

A failed payment gives its part back to the envelope; a retry (`Disbursements.retry`) takes
it back onto the hold if the envelope still has it. A reversal (money returned after it was
confirmed) is recorded on the order and raised as an exception: the envelope keeps it as
disbursed until a person decides what it gets back, so disbursed = paid + reversed, per
envelope.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from eventsourcing.domain import Aggregate

from services.grants.application.disbursement_ports import (
    DisbursementRecords,
    RecordsChangedMeanwhile,
)
from services.grants.application.envelopes import ATTEMPTS, ConcurrencyConflict
from services.grants.application.order_references import order_of
from services.grants.application.payment_provider import (
    PaymentProvider,
    Statement,
    StatementLine,
    StatementStatus,
)
from services.grants.application.reconciliation import (
    OrderState,
    ReconciledLine,
    SentOrder,
    reconcile,
)
from services.grants.domain.envelope import Envelope
from services.grants.domain.order import PaymentOrder
from services.grants.domain.order_values import InstalmentStatus
from services.grants.domain.statement_records import AppliedStatement, StatementException
from shared.money import Money
from shared.rules import BusinessRuleBroken

REVERSED = "reversed"
ENVELOPE_DISAGREES = "envelope_disagrees"
_STATE = {
    InstalmentStatus.SENT: OrderState.SENT,
    InstalmentStatus.CONFIRMED: OrderState.CONFIRMED,
    InstalmentStatus.FAILED: OrderState.FAILED,
    InstalmentStatus.REVERSED: OrderState.REVERSED,
}


@dataclass(frozen=True)
class StatementOutcome:
    statement_id: str
    applied: bool  # False: applied before (a statement offered again)
    confirmed: int = 0
    failed: int = 0
    reversed: int = 0
    exceptions: int = 0


class _Application:
    """One attempt at one statement: what it changes, saved together at the end."""

    def __init__(self, records: DisbursementRecords, statement: Statement, actor: str) -> None:
        self.records = records
        self.statement = statement
        self.actor = actor
        self.orders: dict[UUID, PaymentOrder] = {}
        self.envelopes: dict[UUID, Envelope | None] = {}
        self.exceptions: list[StatementException] = []

    def sent_orders(self) -> dict[str, SentOrder]:
        named_ids = [
            named[0] for line in self.statement.lines if (named := order_of(line.reference))
        ]
        for oid, found in self.records.get_many(named_ids).items():
            if isinstance(found, PaymentOrder):
                self.orders[oid] = found
        sent: dict[str, SentOrder] = {}
        for line in self.statement.lines:
            named = order_of(line.reference)
            order = self._order(named[0]) if named else None
            if named is None or order is None or named[1] > len(order.instalments):
                continue
            instalment = order.instalments[named[1] - 1]
            if instalment.provider_reference == line.reference and instalment.status in _STATE:
                sent[line.reference] = SentOrder(instalment.amount, _STATE[instalment.status])
        return sent

    def _order(self, oid: UUID) -> PaymentOrder | None:
        return self.orders.get(oid)  # all read at once by `sent_orders`

    def apply(self, done: ReconciledLine, number: int) -> None:
        line = done.line
        named = order_of(line.reference)
        assert named is not None
        order = self.orders[named[0]]
        why = " ".join(filter(None, (line.reason_code, line.reason))) or None
        part = order.instalment(named[1]).amount
        if done.outcome is StatementStatus.CONFIRMED:
            order.confirm(named[1], line.reference, actor=self.actor)
            self._move_hold(order, line, number, part, post=True)
        elif done.outcome is StatementStatus.FAILED:
            order.fail(named[1], reason=why or "failed", actor=self.actor)
            self._move_hold(order, line, number, part, post=False)
        else:
            order.reverse(named[1], reason=why or "reversed", actor=self.actor)
            self.raise_exception(
                line, number, REVERSED, "returned after it was confirmed: disbursed, not paid"
            )

    def _move_hold(
        self, order: PaymentOrder, line: StatementLine, number: int, part: Money, *, post: bool
    ) -> None:
        envelope_id = Envelope.create_id(order.programme_id, order.cycle, order.province_code)
        if envelope_id not in self.envelopes:
            self.envelopes[envelope_id] = self.records.envelope(envelope_id)
        envelope = self.envelopes[envelope_id]
        try:
            if envelope is None:
                raise LookupError(f"no envelope {envelope_id}")
            move = envelope.post_hold if post else envelope.release_hold
            why = f"{'confirmed' if post else 'failed'}: {line.reference}"
            move(hold_id=order.decision_id, actor=self.actor, reason=why, amount=part)
        except (BusinessRuleBroken, LookupError) as e:
            done = "posted" if post else "released"
            self.raise_exception(line, number, ENVELOPE_DISAGREES, f"hold not {done}: {e}")

    def raise_exception(self, line: StatementLine, number: int, kind: str, why: str) -> None:
        named = order_of(line.reference)
        order = self.orders.get(named[0]) if named else None
        self.exceptions.append(
            StatementException(
                statement_id=self.statement.statement_id,
                line_number=number,
                kind=kind,
                explanation=why,
                reference=line.reference,
                amount_centimes=line.amount.centimes,
                line_status=str(line.status),
                reason=" ".join(filter(None, (line.reason_code, line.reason))) or None,
                order_id=order.id if order else None,
                programme_id=order.programme_id if order else None,
                cycle=order.cycle if order else None,
                province_code=order.province_code if order else None,
                actor=self.actor,
            )
        )


class Statements:
    def __init__(
        self, records: DisbursementRecords, provider: PaymentProvider, attempts: int = ATTEMPTS
    ) -> None:
        self._records = records
        self._provider = provider
        self._attempts = attempts

    def receive(self, *, actor: str = "grants") -> list[StatementOutcome]:
        """Every statement the provider offers, applied (or found applied) and acknowledged."""
        outcomes = []
        for statement in self._provider.statements():
            outcomes.append(self.apply(statement, actor=actor))
            self._provider.acknowledge(statement.statement_id)
        return outcomes

    def apply(self, statement: Statement, *, actor: str = "grants") -> StatementOutcome:
        record_id = AppliedStatement.create_id(statement.statement_id)
        for _ in range(self._attempts):
            if self._records.get(record_id) is not None:
                return StatementOutcome(statement.statement_id, applied=False)
            outcome, changed = self._attempt(statement, actor)
            try:
                self._records.save(*changed)
            except RecordsChangedMeanwhile:
                continue  # an envelope or order moved, or a replica applied it: look again
            return outcome
        raise ConcurrencyConflict((record_id,), self._attempts)

    def _attempt(
        self, statement: Statement, actor: str
    ) -> tuple[StatementOutcome, Sequence[Aggregate]]:
        work = _Application(self._records, statement, actor)
        number_of = {id(line): n for n, line in enumerate(statement.lines, start=1)}
        result = reconcile(work.sent_orders(), statement.lines)
        for done in result.reconciled:
            work.apply(done, number_of[id(done.line)])
        for refused in result.exceptions:
            work.raise_exception(
                refused.line, number_of[id(refused.line)], str(refused.kind), refused.explanation
            )
        counts = {s: len(result.outcomes(s)) for s in StatementStatus}
        record = AppliedStatement(
            statement_id=statement.statement_id,
            lines=len(statement.lines),
            confirmed=counts[StatementStatus.CONFIRMED],
            failed=counts[StatementStatus.FAILED],
            reversed=counts[StatementStatus.REVERSED],
            exceptions=len(work.exceptions),
            actor=actor,
        )
        changed = [
            *work.orders.values(),
            *(e for e in work.envelopes.values() if e),
            *work.exceptions,
            record,
        ]
        outcome = StatementOutcome(
            statement.statement_id,
            True,
            record.confirmed,
            record.failed,
            record.reversed,
            record.exceptions,
        )
        return outcome, changed
