"""A payment provider for the demo and the tests that behaves like a real one at its worst, on
purpose and reproducibly (seeded): it confirms most payments, fails some with an ISO return
reason, answers late (an outcome comes a few statements after the payment was sent), sometimes
confirms the same payment twice, and can reverse a confirmed one. By default it goes through
the files too: each payment list becomes a validated pain.001 and each answer a camt.054 read
back by the production reader."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from services.grants.application.payment_provider import (
    Account,
    PaymentBatch,
    PaymentInstruction,
    PaymentListAlreadySubmitted,
    Statement,
    StatementLine,
    StatementStatus,
    Submission,
)
from services.grants.persistence.payment_files import (
    read_camt054,
    validate_pain001,
    write_camt054,
    write_pain001,
)
from services.grants.persistence.payment_files.pain001 import message_id_of

RETURN_REASONS: tuple[tuple[str, str], ...] = (
    ("AC04", "Compte clôturé"),
    ("AC01", "Numéro de compte incorrect"),
    ("AC06", "Compte bloqué"),
    ("BE01", "Nom du bénéficiaire différent du titulaire du compte"),
)


@dataclass(frozen=True)
class SimulatedBehaviour:
    """Chances per payment (probabilities, not money). `latest_answer` is how many statements
    an outcome may come after the one following the submission."""

    seed: int = 0
    failure_rate: float = 0.05
    late_rate: float = 0.2
    latest_answer: int = 3
    duplicate_rate: float = 0.02
    reversal_rate: float = 0.0
    through_files: bool = True
    return_reasons: tuple[tuple[str, str], ...] = RETURN_REASONS


@dataclass(frozen=True)
class _Scheduled:
    due: int
    line: StatementLine


def _utc_now() -> datetime:
    return datetime.now(UTC)


class SimulatedPaymentProvider:
    """Adapter of `PaymentProvider`. `account` is the agency's account the statements are on."""

    def __init__(
        self,
        account: Account,
        behaviour: SimulatedBehaviour | None = None,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self._account = account
        self._behaviour = behaviour or SimulatedBehaviour()
        self._random = random.Random(self._behaviour.seed)
        self._clock = clock
        self._submitted: set[str] = set()
        self._scheduled: list[_Scheduled] = []
        self._cycle = 0
        self._unacknowledged: list[Statement] = []
        self.sent_files: list[bytes] = []

    def submit(self, batch: PaymentBatch) -> Submission:
        message_id = message_id_of(batch)
        if message_id in self._submitted:
            raise PaymentListAlreadySubmitted(str(batch.payment_list_id))
        if self._behaviour.through_files:
            document = write_pain001(batch, self._clock())
            validate_pain001(document)
            self.sent_files.append(document)
        self._submitted.add(message_id)
        for instruction in batch.instructions:
            self._schedule(instruction, batch)
        return Submission(
            payment_list_id=batch.payment_list_id,
            message_id=message_id,
            number_of_transactions=batch.number_of_transactions,
            control_sum=batch.control_sum,
        )

    def _due(self) -> int:
        behaviour = self._behaviour
        late = self._random.random() < behaviour.late_rate and behaviour.latest_answer > 0
        delay = self._random.randint(1, behaviour.latest_answer) if late else 0
        return self._cycle + 1 + delay

    def _schedule(self, instruction: PaymentInstruction, batch: PaymentBatch) -> None:
        behaviour = self._behaviour

        def line(status: StatementStatus, code: str | None = None, why: str | None = None) -> None:
            self._scheduled.append(
                _Scheduled(
                    due,
                    StatementLine(
                        reference=instruction.reference,
                        amount=instruction.amount,
                        status=status,
                        booking_date=batch.requested_execution,
                        reason_code=code,
                        reason=why,
                    ),
                )
            )

        due = self._due()
        if self._random.random() < behaviour.failure_rate:
            line(StatementStatus.FAILED, *self._random.choice(behaviour.return_reasons))
            return
        line(StatementStatus.CONFIRMED)
        if self._random.random() < behaviour.duplicate_rate:
            due += self._random.randint(0, 1)
            line(StatementStatus.CONFIRMED)
        if self._random.random() < behaviour.reversal_rate:
            due += 1
            line(StatementStatus.REVERSED, "FRAD", "Opération annulée par la banque")

    def statements(self) -> Sequence[Statement]:
        """Each call is the next statement cycle: the outcomes due by now make a new statement,
        offered with those not acknowledged yet."""
        self._cycle += 1
        ready = [s.line for s in self._scheduled if s.due <= self._cycle]
        self._scheduled = [s for s in self._scheduled if s.due > self._cycle]
        if ready:
            statement_id = f"SIM{self._behaviour.seed:04d}{self._cycle:012d}"
            if self._behaviour.through_files:
                document = write_camt054(statement_id, self._account, self._clock(), ready)
                self._unacknowledged.append(read_camt054(document))
            else:
                self._unacknowledged.append(Statement(statement_id, tuple(ready)))
        return list(self._unacknowledged)

    def acknowledge(self, statement_id: str) -> None:
        self._unacknowledged = [s for s in self._unacknowledged if s.statement_id != statement_id]

    @property
    def outstanding(self) -> int:
        """Outcomes not in a statement yet: late answers still to come."""
        return len(self._scheduled)
