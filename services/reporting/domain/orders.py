"""Where one of grants' orders stands, as reporting follows it from `grants.orders`.

A payment order is paid in instalments, each on its own way: pending (to be sent, first time
or again after a retry), sent, confirmed, failed, reversed (returned after it was confirmed).
The order's one status is derived from its instalments by grants' own rule
(services/grants/domain/order_values.py `order_status`, checked alike by a test), so grants
and reporting name the same order alike:
- `paid`: every instalment confirmed;
- `failed`: one failed and awaits a retry (whatever the others);
- `issued`: every instalment pending (none sent yet, or the only ones sent were retried);
- `reversed`: every instalment confirmed or reversed, one at least reversed;
- `in_progress`: anything else (one sent and not answered yet, or some paid and some not).
A delivery order (in kind) is `issued`, `delivered` or `failed` (a retry makes it `issued`).
`paid` is what the subject holds: the confirmed instalments, not the reversed ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class InstalmentStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    CONFIRMED = "confirmed"
    FAILED = "failed"
    REVERSED = "reversed"


# What each step makes of the instalment it names (grants allowed it: reporting follows).
AFTER_STEP = {
    "PaymentSent": InstalmentStatus.SENT,
    "PaymentConfirmed": InstalmentStatus.CONFIRMED,
    "PaymentFailed": InstalmentStatus.FAILED,
    "PaymentRetried": InstalmentStatus.PENDING,
    "PaymentReversed": InstalmentStatus.REVERSED,
}

ISSUED, DELIVERED, FAILED = "issued", "delivered", "failed"
DELIVERY_AFTER_STEP = {
    "DeliveryConfirmed": DELIVERED,
    "DeliveryFailed": FAILED,
    "DeliveryRetried": ISSUED,
}


def order_status(statuses: tuple[InstalmentStatus, ...]) -> str:
    found = set(statuses)
    if found == {InstalmentStatus.CONFIRMED}:
        return "paid"
    if InstalmentStatus.FAILED in found:
        return FAILED
    if found == {InstalmentStatus.PENDING}:
        return ISSUED
    if found <= {InstalmentStatus.CONFIRMED, InstalmentStatus.REVERSED}:
        return "reversed"
    return "in_progress"


@dataclass(frozen=True)
class Instalments:
    """A payment order's instalments: their amounts (centimes) and where each stands."""

    amounts: tuple[int, ...]
    statuses: tuple[InstalmentStatus, ...]

    @classmethod
    def issued(cls, amounts: tuple[int, ...]) -> Instalments:
        return cls(amounts, (InstalmentStatus.PENDING,) * len(amounts))

    @classmethod
    def decoded(cls, amounts: str, statuses: str) -> Instalments:
        """From a row's two columns ("150000,150000", "confirmed,pending")."""
        return cls(
            tuple(int(a) for a in amounts.split(",") if a),
            tuple(InstalmentStatus(s) for s in statuses.split(",") if s),
        )

    def encoded(self) -> tuple[str, str]:
        return ",".join(map(str, self.amounts)), ",".join(self.statuses)

    def has(self, number: int) -> bool:
        return 1 <= number <= len(self.statuses)

    def now(self, number: int, status: InstalmentStatus) -> Instalments:
        changed = list(self.statuses)
        changed[number - 1] = status
        return Instalments(self.amounts, tuple(changed))

    @property
    def status(self) -> str:
        return order_status(self.statuses)

    @property
    def paid(self) -> int:
        confirmed = InstalmentStatus.CONFIRMED
        return sum(a for a, s in zip(self.amounts, self.statuses, strict=True) if s is confirmed)
