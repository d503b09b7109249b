"""The page every list answers, in every service; each list names its own
(`class InstitutionPage(Page[InstitutionSummary]): ...`), so its schema keeps its name."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, Self, TypeVar

from pydantic import BaseModel

Item = TypeVar("Item")


class Page(BaseModel, Generic[Item]):
    items: list[Item]
    total: int
    limit: int
    offset: int

    @classmethod
    def of(cls, items: Iterable[Item], total: int, limit: int, offset: int) -> Self:
        return cls(items=list(items), total=total, limit=limit, offset=offset)
