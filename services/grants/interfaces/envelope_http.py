"""Budget envelopes over HTTP: admins open, credit and transfer; auditors and admins read an
envelope with its movements. Parse, call one use case, shape the answer."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from services.grants.application import (
    ConcurrencyConflict,
    EnvelopeAlreadyOpen,
    EnvelopeLedger,
    NoEnvelope,
)
from services.grants.application.envelope_reads import EnvelopeFilter
from services.grants.domain.envelope import Envelope
from services.grants.domain.envelope_movements import Movement, MovementKind
from services.grants.interfaces.record_http import AsOf, Filter
from shared.http.errors import invalid_request
from shared.http.pages import Page
from shared.http.params import MAX_OFFSET, Limit, Offset
from shared.http.security import Admin, Auditor
from shared.money import Money

router = APIRouter(prefix="/envelopes", tags=["budget envelopes"])

# Dirhams as a decimal string with at most two decimals: never a JSON number, never a float.
AmountText = Annotated[
    str,
    Field(pattern=r"^[0-9]{1,13}(\.[0-9]{1,2})?$", examples=["6000.00"], description="MAD"),
]
Reason = Annotated[str, Field(min_length=1, max_length=500)]
After = Annotated[
    int, Query(ge=0, le=MAX_OFFSET, description="movements after this version (a page's next)")
]


def _ledger(request: Request) -> EnvelopeLedger:
    ledger: EnvelopeLedger = request.app.state.envelopes
    return ledger


Ledger = Annotated[EnvelopeLedger, Depends(_ledger)]


class NewEnvelope(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    programme_id: UUID
    cycle_id: str = Field(min_length=1, max_length=64, examples=["FY2021"])
    province_code: str = Field(min_length=1, max_length=8, examples=["KHN"])
    reason: Reason


class NewAllocation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount: AmountText
    reason: Reason


class NewTransfer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    to_envelope_id: UUID
    amount: AmountText
    reason: Reason


class EnvelopeView(BaseModel):
    envelope_id: UUID
    programme_id: UUID
    cycle_id: str
    province_code: str
    version: int
    allocated: str
    transferred_in: str
    transferred_out: str
    held: str
    disbursed: str
    available: str
    currency: str = "MAD"


class MovementView(BaseModel):
    version: int
    kind: MovementKind
    amount: str | None
    at: datetime
    actor: str
    reason: str
    hold_id: UUID | None
    transfer_id: UUID | None
    counterpart_id: UUID | None


class StatementView(BaseModel):
    envelope: EnvelopeView
    movements: list[MovementView]
    next_after: int | None


class EnvelopePage(Page[EnvelopeView]): ...


class TransferView(BaseModel):
    transfer_id: UUID
    from_envelope: EnvelopeView
    to_envelope: EnvelopeView


def _amount(money: Money) -> str:
    return f"{money.to_decimal():.2f}"


def _view(e: Envelope) -> EnvelopeView:
    return EnvelopeView(
        envelope_id=e.id,
        programme_id=e.programme_id,
        cycle_id=e.cycle_id,
        province_code=e.province_code,
        version=e.version,
        allocated=_amount(e.allocated),
        transferred_in=_amount(e.transferred_in),
        transferred_out=_amount(e.transferred_out),
        held=_amount(e.held),
        disbursed=_amount(e.disbursed),
        available=_amount(e.available),
    )


def _movement_view(m: Movement) -> MovementView:
    return MovementView(
        version=m.version,
        kind=m.kind,
        amount=None if m.amount is None else _amount(m.amount),
        at=m.at,
        actor=m.actor,
        reason=m.reason,
        hold_id=m.hold_id,
        transfer_id=m.transfer_id,
        counterpart_id=m.counterpart_id,
    )


def _conflict(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_409_CONFLICT, detail=detail)


@router.post("", status_code=201, response_model=EnvelopeView, responses={409: {}})
def open_envelope(body: NewEnvelope, principal: Admin, ledger: Ledger) -> EnvelopeView:
    try:
        envelope_id = ledger.open_envelope(
            programme_id=body.programme_id,
            cycle_id=body.cycle_id,
            province_code=body.province_code,
            actor=principal.subject,
            reason=body.reason,
        )
    except EnvelopeAlreadyOpen as e:
        detail = f"this programme, cycle and province have envelope {e.envelope_id}"
        raise _conflict(detail) from e
    return _view(ledger.envelope(envelope_id))


@router.post("/{envelope_id}/allocations", response_model=EnvelopeView)
def allocate(
    envelope_id: UUID, body: NewAllocation, principal: Admin, ledger: Ledger
) -> EnvelopeView:
    try:
        envelope = ledger.allocate(
            envelope_id, amount=Money.mad(body.amount), actor=principal.subject, reason=body.reason
        )
    except NoEnvelope as e:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="no such envelope") from e
    except ConcurrencyConflict as e:
        raise _conflict(str(e)) from e
    return _view(envelope)


@router.post("/{envelope_id}/transfers", response_model=TransferView)
def transfer(
    envelope_id: UUID, body: NewTransfer, principal: Admin, ledger: Ledger
) -> TransferView | JSONResponse:
    try:
        transfer_id = ledger.transfer(
            from_envelope_id=envelope_id,
            to_envelope_id=body.to_envelope_id,
            amount=Money.mad(body.amount),
            actor=principal.subject,
            reason=body.reason,
        )
    except NoEnvelope as e:
        if e.envelope_id == envelope_id:
            raise HTTPException(status.HTTP_404_NOT_FOUND, detail="no such envelope") from e
        return invalid_request([{"field": "to_envelope_id", "message": "no such envelope"}])
    except ConcurrencyConflict as e:
        raise _conflict(str(e)) from e
    return TransferView(
        transfer_id=transfer_id,
        from_envelope=_view(ledger.envelope(envelope_id)),
        to_envelope=_view(ledger.envelope(body.to_envelope_id)),
    )


@router.get("", response_model=EnvelopePage)
def list_envelopes(
    _: Auditor,
    ledger: Ledger,
    programme_id: UUID | None = None,
    cycle_id: Filter = None,
    province: Filter = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> EnvelopePage:
    """Every envelope (programme x cycle x province) as it stands, oldest first."""
    where = EnvelopeFilter(programme_id, cycle_id, province)
    found, total = ledger.envelopes(where, limit=limit, offset=offset)
    return EnvelopePage.of((_view(e) for e in found), total, limit, offset)


@router.get("/{envelope_id}", response_model=StatementView)
def statement(
    envelope_id: UUID,
    _: Auditor,
    ledger: Ledger,
    after: After = 0,
    limit: Limit = 100,
    as_of: AsOf = None,
) -> StatementView:
    """The envelope with a page of its movements; `as_of`: as it stood then, with only the
    movements it had by then (404 if it was not open yet)."""
    try:
        found = ledger.statement(envelope_id, after=after, limit=limit, as_of=as_of)
    except NoEnvelope as e:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="no such envelope") from e
    return StatementView(
        envelope=_view(found.envelope),
        movements=[_movement_view(m) for m in found.movements],
        next_after=found.next_after,
    )
