"""Query parameter types every service's lists share. Every integer is bounded: an unbounded
one reaches the database as a number it cannot hold (an OverflowError, once a 500)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

# Far beyond any list we keep (tens of millions of records), far below a 64-bit integer.
MAX_OFFSET = 1_000_000_000

Limit = Annotated[int, Query(ge=1, le=200, description="items per page")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="skip this many items")]
