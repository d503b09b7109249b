"""The form amounts take in every contract: a decimal string to the centime and the currency,
`{"amount": "1468411.00", "currency": "MAD"}`, never a float."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.money import Money


class Amount(BaseModel):
    """An amount to the centime as a decimal string ("1468411.00") and its currency (MAD)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    amount: str = Field(pattern=r"^-?[0-9]+\.[0-9]{2}$")
    currency: Literal["MAD"]

    @classmethod
    def of(cls, money: Money) -> Amount:
        return cls.model_validate(money.to_contract())

    @classmethod
    def of_centimes(cls, centimes: int) -> Amount:
        return cls.of(Money(centimes))

    def to_money(self) -> Money:
        return Money.from_contract(self.model_dump())
