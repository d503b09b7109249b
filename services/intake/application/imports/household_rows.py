"""The households CSV: its columns, and checking one row on its own (the format is described
in household_import.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from services.intake.application.imports.csv_format import CsvFormat, Row, RowRejected
from services.intake.application.imports.row_checks import field_reasons, place_reasons
from services.intake.domain.household_rules import DisasterMustBeKnown
from services.intake.domain.reference import DISASTERS, DamageLevel, Relation
from services.intake.domain.rules import CIN_PATTERN, NationalIdMustBeWellFormed
from services.intake.domain.territory import Territory

HOUSEHOLD_HEADER: tuple[str, ...] = (
    "household_ref",
    "head_cin",
    "member_cin",
    "relation",
    "province_code",
    "commune_code",
    "douar",
    "address",
    "disaster",
    "evacuated",
    "damage",
)
HOUSEHOLDS_CSV = CsvFormat(
    header=HOUSEHOLD_HEADER,
    optional=frozenset({"member_cin", "address", "disaster", "evacuated", "damage"}),
)
# The household's own cells, the header's columns from province_code on: on its head's row; a
# member row may repeat them, not contradict them.
HOUSEHOLD_CELLS: tuple[str, ...] = HOUSEHOLD_HEADER[HOUSEHOLD_HEADER.index("province_code") :]
YES = frozenset({"yes", "y", "true", "1", "oui", "o", "نعم"})
NO = frozenset({"no", "n", "false", "0", "non", "لا"})
_PATTERN_MESSAGES = {
    "head_cin": NationalIdMustBeWellFormed.message,
    "member_cin": NationalIdMustBeWellFormed.message,
}


def read_household_header(text: str) -> list[str]:
    """The header's column names, checked: every required column, no unknown one."""
    return HOUSEHOLDS_CSV.read_header(text)


def parse_household_rows(text: str) -> Iterator[tuple[int, Row | RowRejected]]:
    """Each data row of a households CSV with its number: see `CsvFormat.parse_rows`."""
    return HOUSEHOLDS_CSV.parse_rows(text)


class HouseholdRow(BaseModel):
    """The cells of one row, typed; the rules between cells are checked after this."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    household_ref: str = Field(min_length=1, max_length=60)
    head_cin: str = Field(pattern=CIN_PATTERN.pattern)
    member_cin: str | None = Field(default=None, pattern=CIN_PATTERN.pattern)
    relation: Relation
    province_code: str | None = Field(default=None, max_length=8)
    commune_code: str | None = Field(default=None, max_length=16)
    douar: str | None = Field(default=None, max_length=200)
    address: str | None = Field(default=None, max_length=300)
    disaster: str | None = Field(default=None, max_length=60)
    evacuated: bool | None = None
    damage: DamageLevel | None = None

    @field_validator("head_cin", "member_cin", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("relation", "damage", "disaster", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("evacuated", mode="before")
    @classmethod
    def _yes_no(cls, value: Any) -> Any:
        if isinstance(value, str):
            word = value.strip().lower()
            if word in YES:
                return True
            if word in NO:
                return False
            raise ValueError("yes or no")
        return value


@dataclass(frozen=True)
class HouseholdLine:
    """One checked row: the head's (member_cin None) or a member's."""

    household_ref: str
    head_cin: str
    member_cin: str | None
    relation: Relation
    province_code: str | None
    commune_code: str | None
    douar: str | None
    address: str | None
    disaster: str | None
    evacuated: bool | None
    damage: DamageLevel | None

    @property
    def is_head(self) -> bool:
        return self.relation is Relation.HEAD

    def household_cells(self) -> dict[str, Any]:
        return {c: getattr(self, c) for c in HOUSEHOLD_CELLS}


def validate_household_row(row: Row, territory: Territory) -> HouseholdLine:
    """The row, checked on its own, or RowRejected with every reason found. Whether the people
    are enrolled, and whether a member row agrees with its head's, is checked later."""
    reasons = place_reasons(row, territory)
    try:
        typed = HouseholdRow.model_validate({k: v for k, v in row.items() if v is not None})
    except ValidationError as e:
        raise RowRejected(field_reasons(e, _PATTERN_MESSAGES) + reasons) from None
    if typed.relation is Relation.HEAD:
        if typed.member_cin not in (None, typed.head_cin):
            reasons.append("member_cin: on the head's row, leave it empty or repeat head_cin")
        for cell in ("province_code", "commune_code", "douar"):
            if getattr(typed, cell) is None:
                reasons.append(f"{cell}: required on the head's row")
    elif typed.member_cin is None:
        reasons.append("member_cin: required (the member's national ID)")
    elif typed.member_cin == typed.head_cin:
        reasons.append("member_cin: this is the head's CIN; the head's own row has relation head")
    if typed.disaster is not None:
        if typed.disaster not in DISASTERS:
            reasons.append(f"disaster: {DisasterMustBeKnown.message}")
        if typed.evacuated is None:
            reasons.append("evacuated: required with a disaster (yes or no)")
        if typed.damage is None:
            reasons.append("damage: required with a disaster")
    elif typed.evacuated is not None or typed.damage is not None:
        reasons.append("disaster: required with evacuated and damage")
    if reasons:
        raise RowRejected(reasons)
    return HouseholdLine(
        household_ref=typed.household_ref,
        head_cin=typed.head_cin,
        member_cin=None if typed.relation is Relation.HEAD else typed.member_cin,
        relation=typed.relation,
        province_code=typed.province_code,
        commune_code=typed.commune_code,
        douar=typed.douar,
        address=typed.address,
        disaster=typed.disaster,
        evacuated=typed.evacuated,
        damage=typed.damage,
    )


def disagreements(member: HouseholdLine, head: HouseholdLine, head_row: int) -> list[str]:
    """Where a member row contradicts its head's row (cells it leaves empty are fine)."""
    reasons = []
    if member.head_cin != head.head_cin:
        reasons.append(f"head_cin: differs from the head's row (row {head_row})")
    ours, theirs = member.household_cells(), head.household_cells()
    for cell in HOUSEHOLD_CELLS:
        if ours[cell] is not None and ours[cell] != theirs[cell]:
            reasons.append(f"{cell}: differs from the head's row (row {head_row})")
    return reasons
