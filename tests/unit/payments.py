"""Payment lists for the payment-file tests: flood relief paid to households by bank transfer
and through a cash network."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from services.grants.application.payment_provider import (
    Account,
    PaymentBatch,
    PaymentInstruction,
    reference_for,
)
from shared.money import Money

AGENCY_ACCOUNT = Account.rib("011780000012345678901234")
PAYMENT_LIST = UUID("5b0e2f44-7a51-4c1e-9c3e-0d6b1f2a9e01")


def order_reference(n: int) -> str:
    return reference_for(UUID(int=n))


def instruction(
    n: int, amount: Money, name: str = "Fatima Zahra El Idrissi", account: Account | None = None
) -> PaymentInstruction:
    return PaymentInstruction(
        reference=order_reference(n),
        payee_name=name,
        payee_account=account or Account.iban("MA64011519000001205000534921"),
        amount=amount,
        remittance="Aide d'urgence inondations février 2026",
    )


def flood_relief_batch(*instructions: PaymentInstruction) -> PaymentBatch:
    return PaymentBatch(
        payment_list_id=PAYMENT_LIST,
        debtor_name="Entraide Nationale — Délégation de Larache",
        debtor_account=AGENCY_ACCOUNT,
        requested_execution=date(2026, 3, 2),
        instructions=instructions
        or (
            instruction(1, Money.mad("6000.00"), "محمد العلوي"),
            instruction(2, Money.mad("15000.00"), "Hélène Bérard"),
            instruction(3, Money.mad("140000.00"), account=Account.cash("WAFACASH-LRH-000123")),
        ),
    )
