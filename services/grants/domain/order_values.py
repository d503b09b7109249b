"""Values of orders: their shared id and their instalments (each sent, confirmed or failed,
retried, reversed on its own)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from uuid import NAMESPACE_URL, UUID, uuid5

from shared.money import Money


def order_id(programme_id: UUID, cycle: str, component: str, subject_id: UUID) -> UUID:
    """One order, cash or in kind, per component, cycle and subject: a second one collides."""
    return uuid5(NAMESPACE_URL, f"taawun:order:{programme_id}:{cycle}:{component}:{subject_id}")


class InstalmentStatus(StrEnum):
    PENDING = "pending"  # to be sent (first time, or again after a retry)
    SENT = "sent"
    CONFIRMED = "confirmed"
    FAILED = "failed"
    REVERSED = "reversed"


@dataclass(frozen=True)
class Instalment:
    amount_centimes: int
    status: InstalmentStatus = InstalmentStatus.PENDING
    provider_reference: str | None = None
    attempts: int = 0

    @property
    def amount(self) -> Money:
        return Money(self.amount_centimes)


def order_status(instalments: Iterable[Instalment]) -> str:
    """issued, in_progress, paid, failed (one awaits a retry) or reversed."""
    statuses = {i.status for i in instalments}
    if statuses == {InstalmentStatus.CONFIRMED}:
        return "paid"
    if InstalmentStatus.FAILED in statuses:
        return "failed"
    if statuses == {InstalmentStatus.PENDING}:
        return "issued"
    if statuses <= {InstalmentStatus.CONFIRMED, InstalmentStatus.REVERSED}:
        return "reversed"
    return "in_progress"


def with_changed(
    instalments: tuple[Instalment, ...], number: int, **changes: object
) -> tuple[Instalment, ...]:
    changed = replace(instalments[number - 1], **changes)  # type: ignore[arg-type]
    return (*instalments[: number - 1], changed, *instalments[number:])
