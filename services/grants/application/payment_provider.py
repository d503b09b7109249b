"""The payment-provider port: what grants hands a bank or a cash network for one payment list,
and the statement lines that come back. Adapters live in persistence/ (payment files, the
simulated provider); these plain values are all they exchange with the use cases."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Literal, Protocol
from uuid import UUID

from shared.money import Money

AccountScheme = Literal["IBAN", "RIB", "CASH"]

# ISO 20022's Max35Text: the end-to-end reference travels with the payment to the statement.
MAX_REFERENCE_LENGTH = 35
MAX_NAME_LENGTH = 140
MAX_REMITTANCE_LENGTH = 140

_IBAN = re.compile(r"[A-Z]{2}[0-9]{2}[A-Za-z0-9]{1,30}")
_RIB = re.compile(r"[0-9]{24}")  # Moroccan RIB: bank, town, account and key, 24 digits


class InvalidPaymentInstruction(ValueError):
    pass


class PaymentListAlreadySubmitted(Exception):
    """A payment list leaves once: a second submission is refused, never paid twice."""


@dataclass(frozen=True)
class Account:
    """Where money goes or comes from: an IBAN, a Moroccan RIB, or a cash network's reference
    (a payout collected at an agency against an identity document)."""

    scheme: AccountScheme
    identifier: str

    def __post_init__(self) -> None:
        ok = {
            "IBAN": _IBAN.fullmatch(self.identifier) is not None,
            "RIB": _RIB.fullmatch(self.identifier) is not None,
            "CASH": 0 < len(self.identifier) <= 34 and self.identifier.strip() == self.identifier,
        }[self.scheme]
        if not ok:
            raise InvalidPaymentInstruction(f"not a valid {self.scheme}: {self.identifier!r}")

    @classmethod
    def iban(cls, value: str) -> Account:
        return cls("IBAN", value.replace(" ", "").upper())

    @classmethod
    def rib(cls, value: str) -> Account:
        return cls("RIB", value.replace(" ", ""))

    @classmethod
    def cash(cls, reference: str) -> Account:
        return cls("CASH", reference)


def reference_for(order_id: UUID) -> str:
    """The end-to-end reference of a payment order: its id's 32 hex digits (a UUID's 36
    characters with hyphens would not fit ISO 20022's 35)."""
    return order_id.hex


def _check_text(what: str, value: str, longest: int, *, required: bool = True) -> None:
    if (required and not value.strip()) or len(value) > longest:
        raise InvalidPaymentInstruction(f"{what} must be 1 to {longest} characters: {value!r}")


@dataclass(frozen=True)
class PaymentInstruction:
    """One payment order as it leaves: `reference` is the order's end-to-end reference."""

    reference: str
    payee_name: str
    payee_account: Account
    amount: Money
    remittance: str = ""

    def __post_init__(self) -> None:
        _check_text("reference", self.reference, MAX_REFERENCE_LENGTH)
        _check_text("payee name", self.payee_name, MAX_NAME_LENGTH)
        _check_text("remittance", self.remittance, MAX_REMITTANCE_LENGTH, required=False)
        if self.amount.centimes <= 0:
            raise InvalidPaymentInstruction(f"a payment is above zero, not {self.amount}")


@dataclass(frozen=True)
class PaymentBatch:
    """One payment list as it leaves the agency's account: one file, one debit batch."""

    payment_list_id: UUID
    debtor_name: str
    debtor_account: Account
    requested_execution: date
    instructions: tuple[PaymentInstruction, ...]
    debtor_agent_bic: str | None = None

    def __post_init__(self) -> None:
        _check_text("debtor name", self.debtor_name, MAX_NAME_LENGTH)
        if self.debtor_account.scheme == "CASH":
            raise InvalidPaymentInstruction("the agency pays from a bank account, not cash")
        if not self.instructions:
            raise InvalidPaymentInstruction("a payment list has at least one payment")
        references = [i.reference for i in self.instructions]
        if len(set(references)) != len(references):
            raise InvalidPaymentInstruction("two payments of one list share a reference")

    @property
    def number_of_transactions(self) -> int:
        return len(self.instructions)

    @property
    def control_sum(self) -> Money:
        return Money(sum(i.amount.centimes for i in self.instructions))


@dataclass(frozen=True)
class Submission:
    """What the provider acknowledged: the message it received and what it adds up to."""

    payment_list_id: UUID
    message_id: str
    number_of_transactions: int
    control_sum: Money


class StatementStatus(StrEnum):
    CONFIRMED = "confirmed"
    FAILED = "failed"
    REVERSED = "reversed"


@dataclass(frozen=True)
class StatementLine:
    """One outcome the provider reports for one payment, named by its end-to-end reference."""

    reference: str
    amount: Money
    status: StatementStatus
    booking_date: date
    reason_code: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Statement:
    """One report from the provider. `statement_id` is its message id: the use case can keep
    it with the outcomes it applied, so a statement offered again is recognised."""

    statement_id: str
    lines: tuple[StatementLine, ...]


class PaymentProvider(Protocol):
    """A bank or cash network that takes payment lists and later reports what became of them.
    Outcomes come late, may repeat, and may name payments grants never sent: the caller
    reconciles them (application/reconciliation.py) rather than trusting them."""

    def submit(self, batch: PaymentBatch) -> Submission:
        """Hand one payment list over; raises PaymentListAlreadySubmitted the second time."""
        ...

    def statements(self) -> Sequence[Statement]:
        """The statements not acknowledged yet, oldest first, with any that arrived since the
        last call: a statement read before a crash is offered again, never lost."""
        ...

    def acknowledge(self, statement_id: str) -> None:
        """The statement's outcomes are committed: it is not offered again."""
        ...
