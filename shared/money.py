"""Money in Moroccan dirhams, held as integer centimes: never a float."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

CURRENCY = "MAD"


class InvalidAmount(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Money:
    centimes: int
    currency: str = CURRENCY

    def __post_init__(self) -> None:
        if isinstance(self.centimes, bool) or not isinstance(self.centimes, int):
            raise InvalidAmount("an amount is a whole number of centimes")
        if self.currency != CURRENCY:
            raise InvalidAmount(f"only {CURRENCY} amounts are handled, not {self.currency!r}")

    @classmethod
    def mad(cls, amount: str | int | Decimal) -> Money:
        """Parse "1468411.00", 160000 or Decimal("3000000.00"); more than 2 decimals is refused."""
        if isinstance(amount, float):
            raise InvalidAmount("amounts are never floats: pass a string or a Decimal")
        try:
            value = Decimal(str(amount).replace(",", "").strip())
        except InvalidOperation as e:
            raise InvalidAmount(f"not an amount: {amount!r}") from e
        if not value.is_finite():
            raise InvalidAmount(f"not an amount: {amount!r}")
        centimes = value * 100
        if centimes != centimes.to_integral_value():
            raise InvalidAmount(f"at most two decimal places (centimes): {amount!r}")
        return cls(int(centimes))

    @classmethod
    def zero(cls) -> Money:
        return cls(0)

    def __add__(self, other: Money) -> Money:
        return Money(self.centimes + other.centimes)

    def __sub__(self, other: Money) -> Money:
        return Money(self.centimes - other.centimes)

    def to_decimal(self) -> Decimal:
        return Decimal(self.centimes).scaleb(-2).quantize(Decimal("0.01"))

    def __str__(self) -> str:
        return f"{self.to_decimal():,.2f} {self.currency}"

    def to_contract(self) -> dict[str, Any]:
        """The form every integration contract uses: a decimal string and the currency."""
        return {"amount": f"{self.to_decimal():.2f}", "currency": self.currency}

    @classmethod
    def from_contract(cls, data: dict[str, Any]) -> Money:
        if data.get("currency") != CURRENCY:
            raise InvalidAmount(f"unexpected currency {data.get('currency')!r}")
        return cls.mad(str(data["amount"]))
