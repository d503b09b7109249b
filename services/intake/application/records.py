"""What intake's reads hand back, and the index columns the use cases fill in: plain values
shared by the use cases, their ports and the adapters."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

INSTITUTION = "institution"
ASSOCIATION = "association"


class NotYetRecorded(AggregateNotFoundError):
    """The record did not exist yet at the moment asked about."""


class OtherRecordNotFound(AggregateNotFoundError):
    """A record named besides the one acted on (a merge's survivor) does not exist."""


@dataclass(frozen=True)
class HistoryEntry:
    version: int
    what: str
    when: datetime
    who: str | None
    why: str | None


@dataclass(frozen=True)
class Page:
    """A page of beneficiary ids from the register, and how many match in all."""

    ids: list[UUID]
    total: int


@dataclass(frozen=True)
class OrganisationQuery:
    provinces: frozenset[str] | None  # None: every province
    type: str | None = None
    status: str | None = None
    field: str | None = None
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True)
class IndexRow:
    id: UUID
    name: str | None
    name_lat: str | None
    name_ar: str | None
    province_code: str
    type: str | None
    status: str | None
    registration_number: str | None
    fields_of_work: list[str]


@dataclass(frozen=True)
class OrganisationPage:
    rows: list[IndexRow]
    total: int


def categories_column(categories: Sequence[dict[str, Any]]) -> str:
    """Comma-wrapped so a filter can match one whole category name."""
    names = sorted({c["category"] for c in categories if c.get("until") is None})
    return "," + ",".join(names) + ","


def disasters_column(disasters: Iterable[str]) -> str:
    return "," + ",".join(sorted(set(disasters))) + ","
