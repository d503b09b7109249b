"""What a projection keeps: kinds of rows, each with its history.

A projection's rows are of a few kinds. A row of a *kept* kind is the state of one thing (a
beneficiary, an envelope, an order) and has a history: each change closes the row that held
until then (`valid_to`) and opens a new one (`valid_from`), both at the time the event was
recorded, so the state as of any moment is the rows valid then. A row of an *appended* kind
is a fact that happened once (a disbursement, a step of a decision, a timeline entry); as of
a moment, the facts recorded by then.

Nothing here knows SQL: persistence/ makes tables of these.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from uuid import UUID

Value = str | int | bool | datetime | date | UUID | None
Row = Mapping[str, Value]

FIELD_TYPES: tuple[type, ...] = (str, int, bool, datetime, date, UUID)


@dataclass(frozen=True)
class Field:
    name: str
    type: type
    size: int = 64  # for str
    indexed: bool = False
    money: bool = False  # an int of centimes, answered as "1468411.00"

    def __post_init__(self) -> None:
        if self.type not in FIELD_TYPES:
            raise TypeError(f"{self.name}: a projection's field is one of {FIELD_TYPES}")


@dataclass(frozen=True)
class Kind:
    """One kind of row. Kept rows are keyed (`key`, a string unique among the kind's rows valid
    at one moment); appended rows are not."""

    name: str
    fields: tuple[Field, ...]
    appended: bool = False

    @cached_property
    def _names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @cached_property
    def _name_set(self) -> frozenset[str]:
        return frozenset(self._names)

    def field_names(self) -> tuple[str, ...]:
        return self._names

    def checked(self, row: Row) -> dict[str, Value]:
        """The row with every field, None where it says nothing; a field it does not have is
        a mistake in the projection's code, refused here rather than lost."""
        if not self._name_set.issuperset(row):
            unknown = set(row) - self._name_set
            raise KeyError(f"{self.name} has no field {sorted(unknown)}")
        return {name: row.get(name) for name in self._names}


def centimes(amount: str) -> int:
    """'1468411.00' -> 146841100, exactly (amounts travel as decimal strings)."""
    whole, _, cents = amount.partition(".")
    sign = -1 if whole.startswith("-") else 1
    return sign * (abs(int(whole or "0")) * 100 + int((cents + "00")[:2]))


def amount_of(centimes_: int) -> str:
    sign = "-" if centimes_ < 0 else ""
    whole, cents = divmod(abs(centimes_), 100)
    return f"{sign}{whole}.{cents:02d}"
