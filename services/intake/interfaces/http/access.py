"""Who may do what in intake: caseworkers write in their provinces; approvers and auditors read;
admin manages reference data. Everyone but admin sees only the provinces in their token."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from fastapi import HTTPException, Query, Request, status
from pydantic import AwareDatetime, BaseModel

from services.intake.application.records import (
    HistoryEntry,
    NotYetRecorded,
    OtherRecordNotFound,
)
from shared.auth import Principal, Role
from shared.http.params import Limit as Limit  # one bound for every list, re-exported
from shared.http.params import Offset as Offset
from shared.http.relay import wake_relay
from shared.http.security import Admin as Admin  # the roles, re-exported for the routers
from shared.http.security import Reader as Reader
from shared.http.security import Writer as Writer

T = TypeVar("T")

AsOf = Annotated[
    AwareDatetime | None,
    Query(description="show the record as it stood at this moment (ISO 8601 with time zone)"),
]


def may_see(principal: Principal, province_code: str) -> None:
    if Role.ADMIN not in principal.roles:
        principal.require_province(province_code)


def not_found(what: str, error: AggregateNotFoundError) -> HTTPException:
    detail = (
        f"{what} did not exist yet at that moment"
        if isinstance(error, NotYetRecorded)
        else f"no such {what}"
    )
    return HTTPException(status.HTTP_404_NOT_FOUND, detail=detail)


@contextmanager
def found_or_404(what: str) -> Iterator[None]:
    """The record a use case acts on not found: 404 naming `what` (any other record not found
    is the plain 404 of shared/http/errors.py)."""
    try:
        yield
    except OtherRecordNotFound:
        raise
    except AggregateNotFoundError as e:
        raise not_found(what, e) from e


class HistoryEntryView(BaseModel):
    version: int
    what: str
    when: datetime
    who: str | None
    why: str | None


class HistoryView(BaseModel):
    id: UUID
    events: list[HistoryEntryView]


def history_view(aggregate_id: UUID, entries: list[HistoryEntry]) -> HistoryView:
    return HistoryView(
        id=aggregate_id,
        events=[HistoryEntryView(**entry.__dict__) for entry in entries],
    )


@contextmanager
def change_of(what: str, request: Request) -> Iterator[None]:
    """A change to the record named `what`: 404 if it is not found (`found_or_404`); once the
    change is stored, the relay is woken."""
    with found_or_404(what):
        yield
    wake_relay(request)


def readable_provinces(principal: Principal) -> frozenset[str] | None:
    """The provinces the caller may read; None for all (admin, or a token for every province)."""
    return principal.readable_provinces()


def visible_provinces(principal: Principal, province: str | None) -> frozenset[str] | None:
    """The provinces a listing may show: the one asked for (403 outside the caller's), else
    all the caller may see. Every list endpoint calls this: one rule (shared/auth.py)."""
    return principal.list_scope(province)
