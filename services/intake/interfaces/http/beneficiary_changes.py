"""Changing beneficiaries: corrections, residence, status, categories, consent, duplicates,
erasure. Each is a new event; caseworkers act only in their provinces."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from fastapi import APIRouter, HTTPException, Request, status
from pydantic import Field

from services.intake.application import IntakeApplication
from services.intake.application.beneficiary_duplicates import NotFlagged
from services.intake.domain.reference import BeneficiaryStatus
from services.intake.interfaces.http.access import (
    Reader,
    Writer,
    may_see,
    not_found,
    readable_provinces,
)
from services.intake.interfaces.http.beneficiary_models import (
    CategoryIn,
    ConsentIn,
    Correction,
    Move,
    PersonalFields,
    Reasoned,
    StatusChange,
)
from shared.auth import Principal

router = APIRouter(prefix="/beneficiaries", tags=["beneficiaries"])
# Sent as [record, possibly the same person as]; a tuple's schema (prefixItems) broke clients.
DuplicatePair = Annotated[list[UUID], Field(min_length=2, max_length=2)]
NO_CONTENT = status.HTTP_204_NO_CONTENT


def _writable(request: Request, principal: Principal, beneficiary_id: UUID) -> IntakeApplication:
    app: IntakeApplication = request.app.state.intake
    try:
        principal.require_province(app.beneficiary(beneficiary_id).province_code)
    except AggregateNotFoundError as e:
        raise not_found("beneficiary", e) from e
    return app


def _done(request: Request) -> None:
    request.app.state.relay.wake()


@router.post("/{beneficiary_id}/corrections", status_code=NO_CONTENT)
def correct(beneficiary_id: UUID, body: Correction, principal: Writer, request: Request) -> None:
    unknown = set(body.changes) - set(PersonalFields.model_fields)
    if unknown:
        raise HTTPException(422, detail=f"not personal fields: {', '.join(sorted(unknown))}")
    changes = PersonalFields.model_validate(
        {"birth_date": "2000-01-01", **body.changes}
    ).model_dump(include=set(body.changes))
    app = _writable(request, principal, beneficiary_id)
    app.correct_personal_data(beneficiary_id, changes, actor=principal.subject, reason=body.reason)
    _done(request)


@router.put("/{beneficiary_id}/residence", status_code=NO_CONTENT)
def move(beneficiary_id: UUID, body: Move, principal: Writer, request: Request) -> None:
    app = _writable(request, principal, beneficiary_id)
    principal.require_province(body.province_code)
    app.change_residence(
        beneficiary_id, body.province_code, body.commune_code,
        actor=principal.subject, reason=body.reason,
    )  # fmt: skip
    _done(request)


@router.post("/{beneficiary_id}/status", status_code=NO_CONTENT)
def change_status(
    beneficiary_id: UUID, body: StatusChange, principal: Writer, request: Request
) -> None:
    try:
        new_status = BeneficiaryStatus(body.status)
    except ValueError as e:
        raise HTTPException(422, detail=f"status: unknown status {body.status!r}") from e
    app = _writable(request, principal, beneficiary_id)
    app.change_status(beneficiary_id, new_status, actor=principal.subject, reason=body.reason)
    _done(request)


@router.post("/{beneficiary_id}/categories", status_code=NO_CONTENT)
def recognise_category(
    beneficiary_id: UUID, body: CategoryIn, principal: Writer, request: Request
) -> None:
    app = _writable(request, principal, beneficiary_id)
    app.recognise_category(beneficiary_id, body.entry(), actor=principal.subject, reason=None)
    _done(request)


@router.post("/{beneficiary_id}/consents", status_code=NO_CONTENT)
def record_consent(
    beneficiary_id: UUID, body: ConsentIn, principal: Writer, request: Request
) -> None:
    app = _writable(request, principal, beneficiary_id)
    app.record_consent(beneficiary_id, body.purpose, body.given_on, actor=principal.subject)


@router.post("/{beneficiary_id}/erasure", status_code=NO_CONTENT)
def erase(beneficiary_id: UUID, body: Reasoned, principal: Writer, request: Request) -> None:
    """Destroy the person's key (law 09-08 erasure): their personal fields read as erased
    everywhere from now on; the record, its history and all counts remain."""
    app = _writable(request, principal, beneficiary_id)
    app.erase_personal_data(beneficiary_id, actor=principal.subject, reason=body.reason)
    _done(request)


@router.get("/possible-duplicates/open", response_model=list[DuplicatePair])
def possible_duplicates(principal: Reader, request: Request) -> list[tuple[UUID, UUID]]:
    """Pairs (record, possibly the same person as) awaiting a caseworker's decision."""
    app: IntakeApplication = request.app.state.intake
    return app.possible_duplicates(readable_provinces(principal))


@router.post("/{beneficiary_id}/duplicates/{other_id}/dismiss", status_code=NO_CONTENT)
def dismiss(
    beneficiary_id: UUID, other_id: UUID, body: Reasoned, principal: Writer, request: Request
) -> None:
    app = _writable(request, principal, beneficiary_id)
    try:
        app.dismiss_duplicate(beneficiary_id, other_id, actor=principal.subject, reason=body.reason)
    except NotFlagged as e:
        raise HTTPException(409, detail="these records were not flagged as duplicates") from e


@router.post("/{beneficiary_id}/merge-into/{survivor_id}", status_code=NO_CONTENT)
def merge(
    beneficiary_id: UUID, survivor_id: UUID, body: Reasoned, principal: Writer, request: Request
) -> None:
    """Confirm a flagged duplicate: this record points at the survivor from now on."""
    app = _writable(request, principal, beneficiary_id)
    may_see(principal, app.beneficiary(survivor_id).province_code)
    try:
        app.merge_duplicate(
            beneficiary_id, survivor_id, actor=principal.subject, reason=body.reason
        )
    except NotFlagged as e:
        raise HTTPException(409, detail="these records were not flagged as duplicates") from e
    _done(request)
