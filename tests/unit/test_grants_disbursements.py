"""Orders from approved payment lists, sent to the simulated provider and reconciled, in
memory (eventsourcing's POPO store)."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from services.grants.application.disbursements import Disbursements, OrderAlreadyIssued
from services.grants.application.payment_provider import (
    Statement,
    StatementLine,
    StatementStatus,
)
from services.grants.application.statements import Statements
from services.grants.domain.decision import Decision
from services.grants.domain.envelope import Envelope
from services.grants.domain.order_values import InstalmentStatus
from services.grants.domain.payment_list import PaymentList
from services.grants.domain.statement_records import StatementException
from services.grants.persistence.disbursement_records import (
    CashNetworkPayees,
    EventSourcedDisbursementRecords,
)
from services.grants.persistence.event_store import in_memory_event_store
from services.grants.persistence.simulated_provider import (
    SimulatedBehaviour,
    SimulatedPaymentProvider,
)
from shared.money import Money
from shared.rules import BusinessRuleBroken
from tests.flood_payments import (
    AGENCY,
    EXECUTION,
    approved_list,
    flood_programme,
    funded_envelope,
    household,
    orders_of,
)

QUIET = SimulatedBehaviour(failure_rate=0, late_rate=0, duplicate_rate=0)


World = tuple[
    EventSourcedDisbursementRecords,
    SimulatedPaymentProvider,
    Disbursements,
    Statements,
    PaymentList,
    list[Decision],
    UUID,
]


def world(behaviour: SimulatedBehaviour = QUIET, households: int = 5) -> World:
    records = EventSourcedDisbursementRecords(in_memory_event_store())
    provider = SimulatedPaymentProvider(AGENCY.account, behaviour)
    pay = Disbursements(records, provider, CashNetworkPayees(), AGENCY, lambda: EXECUTION)
    programme = flood_programme()
    the_list, decisions = approved_list(
        programme, [household("unit", n) for n in range(households)]
    )
    envelope = funded_envelope(programme, "SKC", decisions, spare=Money.mad("1000"))
    records.save(envelope)
    return records, provider, pay, Statements(records, provider), the_list, decisions, envelope.id


def envelope_of(records: EventSourcedDisbursementRecords, envelope_id: UUID) -> Envelope:
    found = records.get(envelope_id)
    assert isinstance(found, Envelope)
    return found


def test_a_list_becomes_one_order_per_line_sent_as_one_batch_and_paid() -> None:
    records, provider, pay, statements, the_list, decisions, envelope_id = world()
    issued, sent = pay.issue(decisions), pay.send_list(the_list, actor="grants")
    assert (len(issued.issued), issued.already) == (5, ())
    [submission] = sent.submissions
    assert (submission.number_of_transactions, submission.control_sum) == (5, Money.mad("30000"))
    assert sent.marked == 5 and len(provider.sent_files) == 1
    assert {o.status for o in orders_of(records, decisions)} == {"in_progress"}
    [outcome] = statements.receive()
    assert (outcome.applied, outcome.confirmed, outcome.exceptions) == (True, 5, 0)
    assert {o.status for o in orders_of(records, decisions)} == {"paid"}
    envelope = envelope_of(records, envelope_id)
    assert (envelope.disbursed, envelope.held) == (Money.mad("30000"), Money(0))
    assert sum((o.paid for o in orders_of(records, decisions)), Money(0)) == envelope.disbursed


def test_issuing_again_collides_and_sending_again_is_refused_by_the_provider() -> None:
    _, provider, pay, _, the_list, decisions, _ = world()
    pay.issue(decisions)
    again = pay.issue(decisions)
    assert (again.issued, len(again.already)) == ((), 5)
    with pytest.raises(OrderAlreadyIssued):
        pay.issue_one(decisions[0])
    pay.send_list(the_list, actor="grants")
    resent = pay.send_list(the_list, actor="grants")
    assert (resent.submissions, resent.marked) == ((), 0)
    assert len(provider.sent_files) == 1


def test_a_payment_confirmed_twice_is_paid_once_and_the_second_is_an_exception() -> None:
    twice = SimulatedBehaviour(failure_rate=0, late_rate=0, duplicate_rate=1.0)
    records, _, pay, statements, the_list, decisions, envelope_id = world(twice, households=2)
    pay.issue(decisions)
    pay.send_list(the_list, actor="grants")
    outcomes = statements.receive() + statements.receive()
    assert sum(o.confirmed for o in outcomes) == 2
    assert sum(o.exceptions for o in outcomes) == 2
    raised = [records.get(i) for _, i in records.created(StatementException.Raised)]
    assert {e.kind for e in raised if isinstance(e, StatementException)} == {"duplicate"}
    assert envelope_of(records, envelope_id).disbursed == Money.mad("12000")


def test_a_failed_payment_releases_its_hold_and_a_retry_takes_it_back_and_pays() -> None:
    fails = SimulatedBehaviour(failure_rate=1.0, late_rate=0, duplicate_rate=0)
    records, provider, pay, statements, the_list, decisions, envelope_id = world(fails, 1)
    pay.issue(decisions)
    pay.send_list(the_list, actor="grants")
    [outcome] = statements.receive()
    [order] = orders_of(records, decisions)
    assert (outcome.failed, order.status, order.instalment(1).status) == (1, "failed", "failed")
    envelope = envelope_of(records, envelope_id)
    assert (envelope.held, envelope.disbursed) == (Money(0), Money(0))
    assert envelope.available == Money.mad("7000")  # its 6,000 back, beside the 1,000 spare
    sent = pay.retry(order.id, 1, actor="cw-1", reason="RIB corrigé")
    assert sent.marked == 1 and len(provider.sent_files) == 2
    envelope = envelope_of(records, envelope_id)
    assert (envelope.held, envelope.available) == (Money.mad("6000"), Money.mad("1000"))
    [order] = orders_of(records, decisions)
    line = StatementLine(
        order.instalment(1).provider_reference or "",
        Money.mad("6000"),
        StatementStatus.CONFIRMED,
        EXECUTION,
    )
    assert statements.apply(Statement("BANK-1", (line,))).confirmed == 1
    [order] = orders_of(records, decisions)
    assert (order.status, order.paid) == ("paid", Money.mad("6000"))
    assert order.instalment(1).attempts == 2
    envelope = envelope_of(records, envelope_id)
    assert (envelope.held, envelope.disbursed) == (Money(0), Money.mad("6000"))


def test_a_retry_the_envelope_can_no_longer_cover_is_refused_and_changes_nothing() -> None:
    fails = SimulatedBehaviour(failure_rate=1.0, late_rate=0, duplicate_rate=0)
    records, provider, pay, statements, the_list, decisions, envelope_id = world(fails, 1)
    pay.issue(decisions)
    pay.send_list(the_list, actor="grants")
    statements.receive()
    [order] = orders_of(records, decisions)
    spender = envelope_of(records, envelope_id)
    spender.place_hold(hold_id=uuid4(), amount=Money.mad("6500"), actor="ap-2", reason="another")
    records.save(spender)
    with pytest.raises(BusinessRuleBroken) as refused:
        pay.retry(order.id, 1, actor="cw-1", reason="RIB corrigé")
    assert (refused.value.conflict, type(refused.value.rule).__name__) == (
        True, "HoldMustNotExceedAvailable",
    )  # fmt: skip
    [order] = orders_of(records, decisions)
    assert (order.instalment(1).status, len(provider.sent_files)) == ("failed", 1)
    assert envelope_of(records, envelope_id).available == Money.mad("500")


def test_a_statement_applied_twice_counts_once_and_odd_lines_are_listed() -> None:
    records, _, pay, statements, the_list, decisions, envelope_id = world(households=2)
    pay.issue(decisions)
    pay.send_list(the_list, actor="grants")
    first, second = orders_of(records, decisions)
    ref = [o.instalment(1).provider_reference or "" for o in (first, second)]
    lines = (
        StatementLine(ref[0], Money.mad("6000"), StatementStatus.CONFIRMED, EXECUTION),
        StatementLine(ref[1], Money.mad("5999.99"), StatementStatus.CONFIRMED, EXECUTION),
        StatementLine("NOT-OURS", Money.mad("6000"), StatementStatus.CONFIRMED, EXECUTION),
        StatementLine(ref[0], Money.mad("6000"), StatementStatus.REVERSED, EXECUTION, "FRAD"),
    )
    outcome = statements.apply(Statement("BANK-7", lines))
    assert (outcome.confirmed, outcome.reversed, outcome.exceptions) == (1, 1, 3)
    assert not statements.apply(Statement("BANK-7", lines)).applied
    raised = [records.get(i) for _, i in records.created(StatementException.Raised)]
    kinds = sorted(e.kind for e in raised if isinstance(e, StatementException))
    assert kinds == ["amount_differs", "reversed", "unknown_reference"]
    first, second = orders_of(records, decisions)
    assert first.instalment(1).status is InstalmentStatus.REVERSED and first.paid == Money(0)
    assert second.instalment(1).status is InstalmentStatus.SENT
    envelope = envelope_of(records, envelope_id)
    # The reversed payment stays disbursed until a person resolves its exception.
    assert (envelope.disbursed, envelope.held) == (Money.mad("6000"), Money.mad("6000"))
