"""The two adapters of the payment-provider port: the file exchange and the simulator."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from services.grants.application.payment_provider import (
    PaymentListAlreadySubmitted,
    PaymentProvider,
    StatementLine,
    StatementStatus,
)
from services.grants.application.reconciliation import (
    ExceptionKind,
    OrderState,
    ReconciliationException,
    SentOrder,
    reconcile,
)
from services.grants.persistence.payment_files import (
    PaymentFileExchange,
    validate_pain001,
    write_camt054,
)
from services.grants.persistence.simulated_provider import (
    SimulatedBehaviour,
    SimulatedPaymentProvider,
)
from shared.money import Money
from tests.unit.payments import AGENCY_ACCOUNT, flood_relief_batch, instruction

CREATED = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def test_the_file_exchange_writes_one_valid_pain001_per_payment_list(tmp_path: Path) -> None:
    exchange: PaymentProvider = PaymentFileExchange(
        tmp_path / "out", tmp_path / "in", lambda: CREATED
    )
    batch = flood_relief_batch()
    submission = exchange.submit(batch)
    assert (submission.number_of_transactions, submission.control_sum) == (3, Money.mad("161000"))
    [written] = (tmp_path / "out").iterdir()
    assert written.name == f"pain001-{batch.payment_list_id}.xml"
    validate_pain001(written.read_bytes())
    with pytest.raises(PaymentListAlreadySubmitted):
        exchange.submit(batch)
    assert len(list((tmp_path / "out").iterdir())) == 1


def test_the_file_exchange_offers_a_statement_until_it_is_acknowledged(tmp_path: Path) -> None:
    exchange = PaymentFileExchange(tmp_path / "out", tmp_path / "in", lambda: CREATED)
    batch = flood_relief_batch()
    exchange.submit(batch)
    simulator = SimulatedPaymentProvider(AGENCY_ACCOUNT, SimulatedBehaviour(late_rate=0))
    simulator.submit(batch)
    [answer] = simulator.statements()
    inbox = tmp_path / "in"
    (inbox / "camt054-1.xml").write_bytes(
        write_camt054("N1", AGENCY_ACCOUNT, CREATED, answer.lines)
    )
    (inbox / "camt054-2.xml").write_bytes(b"<Document>not a statement</Document>")
    [statement] = exchange.statements()
    assert (statement.statement_id, statement.lines) == ("N1", answer.lines)
    assert [p.name for p in exchange.unreadable_statements()] == ["camt054-2.xml"]
    # read but not acknowledged (a crash before the outcomes committed): offered again
    restarted = PaymentFileExchange(tmp_path / "out", inbox, lambda: CREATED)
    assert restarted.statements() == [statement]
    restarted.acknowledge("N1")
    assert restarted.statements() == []
    assert [p.name for p in (inbox / "read").iterdir()] == ["camt054-1.xml"]


BEHAVIOUR = SimulatedBehaviour(
    seed=7, failure_rate=0.1, late_rate=0.3, latest_answer=2, duplicate_rate=0.05
)
BATCH = flood_relief_batch(*(instruction(n, Money(600000 + n)) for n in range(1, 301)))


def statements(simulator: SimulatedPaymentProvider, count: int) -> list[list[StatementLine]]:
    """The lines of `count` statement cycles, each statement acknowledged once read."""
    answers = []
    for _ in range(count):
        new = simulator.statements()
        for statement in new:
            simulator.acknowledge(statement.statement_id)
        answers.append([line for statement in new for line in statement.lines])
    return answers


def test_the_simulator_fails_answers_late_and_confirms_twice_reproducibly() -> None:
    def run() -> list[list[StatementLine]]:
        simulator = SimulatedPaymentProvider(AGENCY_ACCOUNT, BEHAVIOUR, lambda: CREATED)
        simulator.submit(BATCH)
        validate_pain001(simulator.sent_files[0])
        answers = statements(simulator, 5)
        assert simulator.outstanding == 0
        return answers

    answers = run()
    assert answers == run()  # same seed, same story
    assert all(answers[:3]) and answers[4] == []  # late answers come statements later
    outcomes = Counter(line.status for statement in answers for line in statement)
    assert 10 < outcomes[StatementStatus.FAILED] < 60
    references = Counter(line.reference for statement in answers for line in statement)
    assert set(references) == {i.reference for i in BATCH.instructions}
    assert 1 <= sum(1 for n in references.values() if n == 2) < 40  # confirmed twice


def test_the_simulators_answers_reconcile_to_one_outcome_per_order() -> None:
    simulator = SimulatedPaymentProvider(AGENCY_ACCOUNT, BEHAVIOUR, lambda: CREATED)
    simulator.submit(BATCH)
    orders = {i.reference: SentOrder(i.amount, OrderState.SENT) for i in BATCH.instructions}
    exceptions: list[ReconciliationException] = []
    for statement in statements(simulator, 5):
        result = reconcile(orders, statement)
        for r in result.reconciled:
            orders[r.line.reference] = SentOrder(r.line.amount, OrderState(r.outcome.value))
        exceptions.extend(result.exceptions)
    assert exceptions and {x.kind for x in exceptions} == {ExceptionKind.DUPLICATE}
    assert {o.state for o in orders.values()} == {OrderState.CONFIRMED, OrderState.FAILED}
    paid = sum(o.amount.centimes for o in orders.values() if o.state is OrderState.CONFIRMED)
    expected = sum(
        i.amount.centimes
        for i in BATCH.instructions
        if orders[i.reference].state is OrderState.CONFIRMED
    )
    assert paid == expected and paid % 600000 != 0  # exact to the centime


def test_the_simulator_can_reverse_a_confirmed_payment() -> None:
    behaviour = SimulatedBehaviour(failure_rate=0, late_rate=0, duplicate_rate=0, reversal_rate=1)
    simulator = SimulatedPaymentProvider(AGENCY_ACCOUNT, behaviour, lambda: CREATED)
    simulator.submit(flood_relief_batch())
    first, second = statements(simulator, 2)
    assert {x.status for x in first} == {StatementStatus.CONFIRMED}
    assert {(x.status, x.reason_code) for x in second} == {(StatementStatus.REVERSED, "FRAD")}


def test_the_simulator_offers_a_statement_again_until_it_is_acknowledged() -> None:
    simulator = SimulatedPaymentProvider(AGENCY_ACCOUNT, SimulatedBehaviour(late_rate=0))
    simulator.submit(flood_relief_batch())
    [first] = simulator.statements()
    assert simulator.statements() == [first]  # a crash before the outcomes committed
    simulator.acknowledge(first.statement_id)
    assert simulator.statements() == []


def test_the_simulator_refuses_a_payment_list_sent_twice() -> None:
    simulator = SimulatedPaymentProvider(AGENCY_ACCOUNT)
    simulator.submit(flood_relief_batch())
    with pytest.raises(PaymentListAlreadySubmitted):
        simulator.submit(flood_relief_batch())
