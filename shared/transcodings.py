"""The transcodings our stored events use beyond the library's, and what the library's (and
ours) do on reading, as direct calls the orjson transcoder makes (transcoder.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.persistence import DatetimeAsISO, DecimalAsStr, Transcoding, UUIDAsHex

from shared.money import Money

__all__ = ["DateAsISO", "MoneyAsCentimes"]


class DateAsISO(Transcoding):
    """Stored events carry calendar dates (birth dates, decision dates) as ISO strings."""

    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class MoneyAsCentimes(Transcoding):
    """Stored events carry amounts (envelope movements) as whole centimes: never a float."""

    type = Money
    name = "money_centimes"

    def encode(self, obj: Money) -> int:
        return obj.centimes

    def decode(self, data: int) -> Money:
        return Money(data)


# What the library's transcodings (and ours) do, as direct calls: decoding a str `_data_`.
READ: dict[type[Transcoding], Callable[[str], Any]] = {
    UUIDAsHex: UUID,
    DatetimeAsISO: datetime.fromisoformat,
    DecimalAsStr: Decimal,
    DateAsISO: date.fromisoformat,
}
