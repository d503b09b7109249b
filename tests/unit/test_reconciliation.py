"""Reconciliation: what follows from an order's state is applied, anything else is listed."""

from __future__ import annotations

from datetime import date

import pytest

from services.grants.application.payment_provider import StatementLine, StatementStatus
from services.grants.application.reconciliation import (
    ExceptionKind,
    OrderState,
    SentOrder,
    reconcile,
)
from shared.money import Money

REF = "0" * 32
AMOUNT = Money.mad("6000.00")
S, St = StatementStatus, OrderState


def line(status: StatementStatus, amount: Money = AMOUNT, reference: str = REF) -> StatementLine:
    code = "AC04" if status is S.FAILED else None
    return StatementLine(reference, amount, status, date(2026, 3, 3), code)


@pytest.mark.parametrize(
    ("state", "status", "outcome"),
    [
        (St.SENT, S.CONFIRMED, S.CONFIRMED),
        (St.SENT, S.FAILED, S.FAILED),
        (St.CONFIRMED, S.REVERSED, S.REVERSED),
        # a return after the payment was booked brings the money back: the order is reversed
        (St.CONFIRMED, S.FAILED, S.REVERSED),
    ],
)
def test_outcomes_that_follow_from_the_order_state(
    state: OrderState, status: StatementStatus, outcome: StatementStatus
) -> None:
    result = reconcile({REF: SentOrder(AMOUNT, state)}, [line(status)])
    assert result.exceptions == ()
    [reconciled] = result.reconciled
    assert (reconciled.outcome, reconciled.state_before) == (outcome, state)


@pytest.mark.parametrize(
    ("state", "status", "kind"),
    [
        (St.CONFIRMED, S.CONFIRMED, ExceptionKind.DUPLICATE),
        (St.FAILED, S.FAILED, ExceptionKind.DUPLICATE),
        (St.REVERSED, S.REVERSED, ExceptionKind.DUPLICATE),
        (St.FAILED, S.CONFIRMED, ExceptionKind.UNEXPECTED_STATUS),
        (St.SENT, S.REVERSED, ExceptionKind.UNEXPECTED_STATUS),
        (St.REVERSED, S.CONFIRMED, ExceptionKind.UNEXPECTED_STATUS),
    ],
)
def test_outcomes_the_order_state_does_not_allow_are_exceptions(
    state: OrderState, status: StatementStatus, kind: ExceptionKind
) -> None:
    result = reconcile({REF: SentOrder(AMOUNT, state)}, [line(status)])
    assert result.reconciled == ()
    [exception] = result.exceptions
    assert exception.kind is kind
    assert str(state) in exception.explanation


def test_the_same_confirmation_twice_in_one_statement_confirms_once() -> None:
    result = reconcile({REF: SentOrder(AMOUNT, St.SENT)}, [line(S.CONFIRMED), line(S.CONFIRMED)])
    assert [r.outcome for r in result.reconciled] == [S.CONFIRMED]
    assert [x.kind for x in result.exceptions] == [ExceptionKind.DUPLICATE]


def test_confirmed_then_reversed_in_one_statement() -> None:
    result = reconcile({REF: SentOrder(AMOUNT, St.SENT)}, [line(S.CONFIRMED), line(S.REVERSED)])
    assert [r.outcome for r in result.reconciled] == [S.CONFIRMED, S.REVERSED]
    assert result.exceptions == ()


@pytest.mark.parametrize("centimes", [599999, 600001, 60000000])
def test_an_amount_off_by_anything_is_an_exception_not_a_confirmation(centimes: int) -> None:
    result = reconcile({REF: SentOrder(AMOUNT, St.SENT)}, [line(S.CONFIRMED, Money(centimes))])
    assert result.reconciled == ()
    assert [x.kind for x in result.exceptions] == [ExceptionKind.AMOUNT_DIFFERS]
    # the order is untouched: its right confirmation still reconciles afterwards
    again = reconcile(
        {REF: SentOrder(AMOUNT, St.SENT)}, [line(S.CONFIRMED, Money(centimes)), line(S.CONFIRMED)]
    )
    assert [r.outcome for r in again.reconciled] == [S.CONFIRMED]


def test_an_unknown_reference_is_listed_and_nothing_else_moves() -> None:
    orders = {REF: SentOrder(AMOUNT, St.SENT)}
    result = reconcile(
        orders, [line(S.CONFIRMED, reference="f" * 32), line(S.CONFIRMED, reference="")]
    )
    assert [x.kind for x in result.exceptions] == [ExceptionKind.UNKNOWN_REFERENCE] * 2
    assert result.reconciled == ()
    assert orders[REF].state is St.SENT
