"""A programme's cycle as reports filter it: by the year it names."""

from __future__ import annotations

import re

_YEAR = re.compile(r"(19|20)[0-9]{2}")


def year_of(cycle: str) -> int | None:
    """A fiscal year's cycle ("2021"), a month's ("2026-02") or a disaster's
    ("floods-2026-02-north-west"): the first year it names."""
    found = _YEAR.search(cycle)
    return int(found.group(0)) if found else None
