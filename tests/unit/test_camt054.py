"""camt.054 statements read into StatementLines, and set against the orders sent."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from services.grants.application.payment_provider import StatementLine, StatementStatus
from services.grants.application.reconciliation import (
    ExceptionKind,
    OrderState,
    SentOrder,
    reconcile,
)
from services.grants.persistence.payment_files import (
    UnreadableStatement,
    read_camt054,
    write_camt054,
)
from shared.money import Money
from tests.unit.payments import AGENCY_ACCOUNT

STATEMENT = Path(__file__).parent / "data" / "camt054_flood_relief.xml"
A, B, C, D, E, F = (f"{'0' * 31}{x}" for x in "abcdef")
UNKNOWN = "f" * 32


def test_a_bank_statement_reads_into_one_line_per_final_payment_outcome() -> None:
    statement = read_camt054(STATEMENT.read_bytes())
    assert statement.statement_id == "BANK-NTF-20260305-0001"
    lines = statement.lines
    assert [(line.reference, line.status) for line in lines] == [
        (A, StatementStatus.CONFIRMED),
        (B, StatementStatus.CONFIRMED),
        (UNKNOWN, StatementStatus.CONFIRMED),
        (A, StatementStatus.CONFIRMED),
        (C, StatementStatus.FAILED),
        (D, StatementStatus.REVERSED),
        (F, StatementStatus.CONFIRMED),
    ]  # E is pending (not final yet) and the Treasury's top-up is no payment's outcome
    assert lines[1].amount == Money(1500001)
    assert lines[1].booking_date == date(2026, 3, 3)
    assert (lines[4].reason_code, lines[4].reason) == ("AC04", "Compte clôturé")
    assert lines[5].reason == "Annulation à la demande de la banque du bénéficiaire"
    assert lines[6].amount == Money(1499999)  # no amount on the detail: the entry's


def test_a_duplicate_a_reversal_and_an_unknown_reference_reconciled() -> None:
    orders = {
        A: SentOrder(Money.mad("6000.00"), OrderState.SENT),
        B: SentOrder(Money.mad("15000.01"), OrderState.SENT),
        C: SentOrder(Money.mad("6000.00"), OrderState.SENT),
        D: SentOrder(Money.mad("140000.00"), OrderState.CONFIRMED),
        E: SentOrder(Money.mad("6000.00"), OrderState.SENT),
        F: SentOrder(Money.mad("15000.00"), OrderState.SENT),
    }
    result = reconcile(orders, read_camt054(STATEMENT.read_bytes()).lines)

    confirmed = result.outcomes(StatementStatus.CONFIRMED)
    assert [r.line.reference for r in confirmed] == [A, B]
    [failed] = result.outcomes(StatementStatus.FAILED)
    assert (failed.line.reference, failed.line.reason_code) == (C, "AC04")
    [reversed_] = result.outcomes(StatementStatus.REVERSED)
    assert (reversed_.line.reference, reversed_.state_before) == (D, OrderState.CONFIRMED)

    assert [(x.line.reference, x.kind) for x in result.exceptions] == [
        (UNKNOWN, ExceptionKind.UNKNOWN_REFERENCE),
        (A, ExceptionKind.DUPLICATE),
        (F, ExceptionKind.AMOUNT_DIFFERS),
    ]
    assert "14,999.99 MAD" in result.exceptions[2].explanation
    assert "15,000.00 MAD" in result.exceptions[2].explanation
    # Every line is accounted for exactly once; E, still pending at the bank, is in neither.
    assert len(result.reconciled) + len(result.exceptions) == 7


def test_written_statements_read_back_exactly() -> None:
    lines = [
        StatementLine(A, Money(1), StatementStatus.CONFIRMED, date(2026, 3, 3)),
        StatementLine(
            B,
            Money(99999999999),
            StatementStatus.FAILED,
            date(2026, 3, 3),
            "AC01",
            "Numéro de compte incorrect",
        ),
        StatementLine(C, Money(600000), StatementStatus.REVERSED, date(2026, 3, 4), "FRAD", None),
        StatementLine(D, Money(10), StatementStatus.REVERSED, date(2026, 3, 4), None, "Annulée"),
    ]
    created = datetime(2026, 3, 5, 18, tzinfo=UTC)
    statement = read_camt054(write_camt054("N1", AGENCY_ACCOUNT, created, lines))
    assert (statement.statement_id, statement.lines) == ("N1", tuple(lines))


@pytest.mark.parametrize(
    "tamper",
    [
        lambda x: x.replace(b'Ccy="MAD">6000.00', b'Ccy="EUR">6000.00', 1),
        lambda x: x.replace(b">6000.00<", b">6000.005<", 1),
        lambda x: x.replace(b"camt.054.001.08", b"camt.054.001.02"),
        lambda x: x.replace(b"<BookgDt>", b"<Unknown/><BookgDt>", 1),
        lambda x: x[:200],
    ],
)
def test_a_statement_grants_cannot_read_is_refused_whole(
    tamper: Callable[[bytes], bytes],
) -> None:
    with pytest.raises(UnreadableStatement):
        read_camt054(tamper(STATEMENT.read_bytes()))
