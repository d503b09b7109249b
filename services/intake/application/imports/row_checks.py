"""Reasons for rejecting a row, worded for the person who filled the file, whatever its kind."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import ValidationError

from services.intake.application.imports.csv_format import Row
from services.intake.domain.territory import Territory

NOT_ALLOWED = "province_code: not allowed for you"


def field_reasons(error: ValidationError, pattern_messages: Mapping[str, str]) -> list[str]:
    """One reason per cell pydantic refused, "cell: why"; `pattern_messages` gives friendlier
    words than "String should match pattern ..." for the cells with a pattern."""
    reasons = []
    for problem in error.errors(include_url=False, include_context=False, include_input=False):
        name = ".".join(str(p) for p in problem["loc"]) or "row"
        if problem["type"] == "string_pattern_mismatch" and name in pattern_messages:
            message = pattern_messages[name]
        elif problem["type"] == "missing":
            message = "required"
        else:
            message = problem["msg"].removeprefix("Value error, ")
        reasons.append(f"{name}: {message}")
    return reasons


def place_reasons(row: Row, territory: Territory) -> list[str]:
    """Why the row's province and commune codes are not a known place, if they are not."""
    province, commune = row.get("province_code"), row.get("commune_code")
    if province and not territory.knows_province(province):
        return ["province_code: unknown province code"]
    if province and commune and not territory.knows_commune(commune, province):
        return ["commune_code: unknown commune code for this province"]
    return []
