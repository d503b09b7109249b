"""Who may do what in intake: caseworkers write in their provinces; approvers and auditors read;
admin manages reference data. Everyone but admin sees only the provinces in their token."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from fastapi import Depends, HTTPException, Query, status
from pydantic import BaseModel

from services.intake.application.base import HistoryEntry, NotYetRecorded
from shared.auth import Principal, Role
from shared.http.security import require_role

Writer = Annotated[Principal, Depends(require_role(Role.CASEWORKER))]
Reader = Annotated[
    Principal,
    Depends(require_role(Role.CASEWORKER, Role.APPROVER, Role.AUDITOR, Role.ADMIN)),
]
Admin = Annotated[Principal, Depends(require_role(Role.ADMIN))]
AsOf = Annotated[
    datetime | None,
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
