"""What every intake record answers alike, written once: the record itself, as it is or as it
stood at a moment (`GET /{id}?as_of=`), its history (`GET /{id}/history`), and the page each
list answers. A route added here is named, documented and shaped as if its router had written
it (the OpenAPI document cannot tell).

No `from __future__ import annotations` here: FastAPI reads these endpoints' signatures, and
the path parameter and use case they name are only known when a router adds them."""

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated, Protocol, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel

from services.intake.application.records import HistoryEntry
from services.intake.interfaces.http.access import (
    AsOf,
    HistoryView,
    Reader,
    history_view,
    may_see,
    not_found,
)
from shared.auth import Principal

Item = TypeVar("Item")


class Located(Protocol):
    @property
    def province_code(self) -> str: ...


class KeepsHistory(Protocol):
    def history(self, record_id: UUID, /) -> list[HistoryEntry]: ...


UseCase = TypeVar("UseCase")
Found = TypeVar("Found", bound=Located)
Shown = TypeVar("Shown", bound=BaseModel)
Kept = TypeVar("Kept", bound=KeepsHistory)


def visible(principal: Principal, what: str, read: Callable[[], Found]) -> Found:
    """What `read` finds, or 404 naming `what`; 403 outside the caller's provinces."""
    try:
        found = read()
    except AggregateNotFoundError as e:
        raise not_found(what, e) from e
    may_see(principal, found.province_code)
    return found


def add_show(
    router: APIRouter,
    *,
    what: str,
    id_name: str,
    use_case: Callable[..., Awaitable[UseCase]],
    read: Callable[[UseCase, UUID, datetime | None], Found],
    view: Callable[[Found], Shown],
    response_model: type[Shown],
    doc: str | None = None,
) -> None:
    """`GET /{id_name}`: the record `read` finds (as of a moment, if asked), as `view` shows it."""

    def show(
        record_id: Annotated[UUID, Path(alias=id_name)],
        principal: Reader,
        records: Annotated[UseCase, Depends(use_case)],
        as_of: AsOf = None,
    ) -> Shown:
        return view(visible(principal, what, lambda: read(records, record_id, as_of)))

    show.__doc__ = doc
    router.add_api_route(f"/{{{id_name}}}", show, methods=["GET"], response_model=response_model)


def add_reads(
    router: APIRouter,
    *,
    what: str,
    id_name: str,
    use_case: Callable[..., Awaitable[Kept]],
    read: Callable[[Kept, UUID, datetime | None], Found],
    view: Callable[[Found], Shown],
    response_model: type[Shown],
    load: Callable[[Kept, UUID], Located] | None = None,
    history_doc: str | None = None,
) -> None:
    """`add_show`, then `add_history`; whose visibility `load` checks (default: `read` now)."""
    add_show(
        router, what=what, id_name=id_name, use_case=use_case, read=read, view=view,
        response_model=response_model,
    )  # fmt: skip
    add_history(
        router, what=what, id_name=id_name, use_case=use_case,
        load=load or (lambda records, record_id: read(records, record_id, None)), doc=history_doc,
    )  # fmt: skip


def add_history(
    router: APIRouter,
    *,
    what: str,
    id_name: str,
    use_case: Callable[..., Awaitable[Kept]],
    load: Callable[[Kept, UUID], Located],
    doc: str | None = None,
) -> None:
    """`GET /{id_name}/history`: every event of a record the caller may see."""

    def history(
        record_id: Annotated[UUID, Path(alias=id_name)],
        principal: Reader,
        records: Annotated[Kept, Depends(use_case)],
    ) -> HistoryView:
        visible(principal, what, lambda: load(records, record_id))
        return history_view(record_id, records.history(record_id))

    history.__doc__ = doc
    path = f"/{{{id_name}}}/history"
    router.add_api_route(path, history, methods=["GET"], response_model=HistoryView)
