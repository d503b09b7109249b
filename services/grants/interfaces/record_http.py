"""What grants' record routers share: the caller as an `Actor`, who may read which province,
history and "as of" views, one page's shape, and the errors of the use cases as HTTP answers
(an `AccessRule` broken is 403; a step the record's state refuses, or a lost race, is 409)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated, TypeVar
from uuid import UUID

from fastapi import HTTPException, Query, status
from pydantic import AwareDatetime, BaseModel, Field

from services.grants.application import ConcurrencyConflict
from services.grants.application.applications import NoApplication
from services.grants.application.decisions import NoDecision
from services.grants.application.payment_lists import NoPaymentList
from services.grants.application.ports import HistoryEntry, RecordChangedMeanwhile
from services.grants.application.programmes import NoProgramme
from services.grants.domain.actors import Actor
from services.grants.domain.decision_rules import (
    AccessRule,
)
from shared.auth import NotAllowed, Principal, Role
from shared.money import Money
from shared.rules import BusinessRuleBroken

Item = TypeVar("Item")

AsOf = Annotated[
    AwareDatetime | None,
    Query(description="the record as it stood at this moment (ISO 8601 with time zone)"),
]
# Dirhams as a decimal string with at most two decimals: never a JSON number, never a float.
AmountText = Annotated[
    str,
    Field(pattern=r"^[0-9]{1,13}(\.[0-9]{1,2})?$", examples=["160000.00"], description="MAD"),
]
Reason = Annotated[str, Field(min_length=1, max_length=500)]
# A list's filter by code (programme, component, status, ...).
Filter = Annotated[str | None, Query(min_length=1, max_length=64)]
Code = Annotated[str, Field(min_length=1, max_length=64)]

NOT_FOUND = {
    NoProgramme: "programme",
    NoDecision: "decision",
    NoApplication: "application",
    NoPaymentList: "payment list",
}


class HistoryEntryView(BaseModel):
    version: int
    what: str
    when: datetime
    who: str | None
    why: str | None


class HistoryView(BaseModel):
    id: UUID
    events: list[HistoryEntryView]


def history_view(record_id: UUID, entries: list[HistoryEntry]) -> HistoryView:
    return HistoryView(id=record_id, events=[HistoryEntryView(**e.__dict__) for e in entries])


def amount_text(centimes: int | None) -> str | None:
    return None if centimes is None else f"{Money(centimes).to_decimal():.2f}"


def actor_of(principal: Principal) -> Actor:
    return Actor(principal.subject, frozenset(str(r) for r in principal.roles), principal.provinces)


def reads_everything(principal: Principal) -> bool:
    return bool(principal.roles & {Role.ADMIN, Role.AUDITOR}) or "*" in principal.provinces


def may_read(principal: Principal, province_code: str) -> None:
    """Auditors and admins read every province; the others the provinces in their token."""
    if not reads_everything(principal):
        principal.require_province(province_code)


def list_scope(principal: Principal, province: str | None) -> frozenset[str] | None:
    if reads_everything(principal):
        return None if province is None else frozenset({province})
    return principal.list_scope(province)


@contextmanager
def answering() -> Iterator[None]:
    try:
        yield
    except BusinessRuleBroken as e:
        if isinstance(e.rule, AccessRule):
            raise NotAllowed(str(e)) from e
        raise
    except (ConcurrencyConflict, RecordChangedMeanwhile) as e:
        detail = "the record changed meanwhile; reload it and retry"
        raise HTTPException(status.HTTP_409_CONFLICT, detail=detail) from e
    except (NoProgramme, NoDecision, NoApplication, NoPaymentList) as e:
        what = NOT_FOUND[type(e)]
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no such {what}") from e
