"""Calendar dates in request bodies: ISO text only.

pydantic reads a JSON number as seconds since 1970 for a `date`, so `"starts_on": 0` was
accepted as 1 January 1970 (a fuzzer found it). Numbers are refused; the OpenAPI schema stays
`string`/`date`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BeforeValidator


def _iso_text_only(value: object) -> object:
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError("a date is written as text, YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_text_only)]
