"""Changing beneficiaries: corrections, residence, status, categories, consent, duplicates,
erasure. Each is a new event; caseworkers act only in their provinces."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, HTTPException, Request, status
from pydantic import Field

from services.intake.application import NotFlagged
from services.intake.domain.reference import BeneficiaryStatus
from services.intake.interfaces.http.access import (
    Reader,
    Writer,
    change_of,
    found_or_404,
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
from services.intake.interfaces.http.dependencies import (
    BeneficiaryWrites,
    Duplicates,
    scope_of,
)
from shared.http.relay import wake_relay

router = APIRouter(prefix="/beneficiaries", tags=["beneficiaries"])
# Sent as [record, possibly the same person as]; a tuple's schema (prefixItems) broke clients.
DuplicatePair = Annotated[list[UUID], Field(min_length=2, max_length=2)]
NO_CONTENT = status.HTTP_204_NO_CONTENT


BENEFICIARY = "beneficiary"
NOT_FLAGGED = "these records were not flagged as duplicates"


@contextmanager
def _flagged_pair() -> Iterator[None]:
    """A decision on a pair flagged as possibly the same person: 409 if it was not flagged."""
    try:
        with found_or_404(BENEFICIARY):
            yield
    except NotFlagged as e:
        raise HTTPException(409, detail=NOT_FLAGGED) from e


@router.post("/{beneficiary_id}/corrections", status_code=NO_CONTENT)
def correct(
    beneficiary_id: UUID,
    body: Correction,
    principal: Writer,
    changes: BeneficiaryWrites,
    request: Request,
) -> None:
    unknown = set(body.changes) - set(PersonalFields.model_fields)
    if unknown:
        raise HTTPException(422, detail=f"not personal fields: {', '.join(sorted(unknown))}")
    fields = PersonalFields.model_validate({"birth_date": "2000-01-01", **body.changes}).model_dump(
        include=set(body.changes)
    )
    with change_of(BENEFICIARY, request):
        changes.correct_personal_data(
            beneficiary_id, fields, actor=principal.subject, reason=body.reason,
            scope=scope_of(principal),
        )  # fmt: skip


@router.put("/{beneficiary_id}/residence", status_code=NO_CONTENT)
def move(
    beneficiary_id: UUID,
    body: Move,
    principal: Writer,
    changes: BeneficiaryWrites,
    request: Request,
) -> None:
    with change_of(BENEFICIARY, request):
        changes.change_residence(
            beneficiary_id, body.province_code, body.commune_code,
            actor=principal.subject, reason=body.reason, scope=scope_of(principal),
        )  # fmt: skip


@router.post("/{beneficiary_id}/status", status_code=NO_CONTENT)
def change_status(
    beneficiary_id: UUID,
    body: StatusChange,
    principal: Writer,
    changes: BeneficiaryWrites,
    request: Request,
) -> None:
    try:
        new_status = BeneficiaryStatus(body.status)
    except ValueError as e:
        raise HTTPException(422, detail=f"status: unknown status {body.status!r}") from e
    with change_of(BENEFICIARY, request):
        changes.change_status(
            beneficiary_id, new_status, actor=principal.subject, reason=body.reason,
            scope=scope_of(principal),
        )  # fmt: skip


@router.post("/{beneficiary_id}/categories", status_code=NO_CONTENT)
def recognise_category(
    beneficiary_id: UUID,
    body: CategoryIn,
    principal: Writer,
    changes: BeneficiaryWrites,
    request: Request,
) -> None:
    with change_of(BENEFICIARY, request):
        changes.recognise_category(
            beneficiary_id, body.entry(), actor=principal.subject, reason=None,
            scope=scope_of(principal),
        )  # fmt: skip


@router.post("/{beneficiary_id}/consents", status_code=NO_CONTENT)
def record_consent(
    beneficiary_id: UUID, body: ConsentIn, principal: Writer, changes: BeneficiaryWrites
) -> None:
    with found_or_404(BENEFICIARY):
        changes.record_consent(
            beneficiary_id, body.purpose, body.given_on, actor=principal.subject,
            scope=scope_of(principal),
        )  # fmt: skip


@router.post("/{beneficiary_id}/erasure", status_code=NO_CONTENT)
def erase(
    beneficiary_id: UUID,
    body: Reasoned,
    principal: Writer,
    changes: BeneficiaryWrites,
    request: Request,
) -> None:
    """Destroy the person's key (law 09-08 erasure): their personal fields read as erased
    everywhere from now on; the record, its history and all counts remain."""
    with change_of(BENEFICIARY, request):
        changes.erase_personal_data(
            beneficiary_id, actor=principal.subject, reason=body.reason, scope=scope_of(principal)
        )


@router.get("/possible-duplicates/open", response_model=list[DuplicatePair])
def possible_duplicates(principal: Reader, duplicates: Duplicates) -> list[tuple[UUID, UUID]]:
    """Pairs (record, possibly the same person as) awaiting a caseworker's decision."""
    return duplicates.possible_duplicates(readable_provinces(principal))


@router.post("/{beneficiary_id}/duplicates/{other_id}/dismiss", status_code=NO_CONTENT)
def dismiss(
    beneficiary_id: UUID,
    other_id: UUID,
    body: Reasoned,
    principal: Writer,
    duplicates: Duplicates,
) -> None:
    with _flagged_pair():
        duplicates.dismiss_duplicate(
            beneficiary_id, other_id, actor=principal.subject, reason=body.reason,
            scope=scope_of(principal),
        )  # fmt: skip


@router.post("/{beneficiary_id}/merge-into/{survivor_id}", status_code=NO_CONTENT)
def merge(
    beneficiary_id: UUID,
    survivor_id: UUID,
    body: Reasoned,
    principal: Writer,
    duplicates: Duplicates,
    request: Request,
) -> None:
    """Confirm a flagged duplicate: this record points at the survivor from now on."""
    with _flagged_pair():
        duplicates.merge_duplicate(
            beneficiary_id, survivor_id, actor=principal.subject, reason=body.reason,
            scope=scope_of(principal),
        )  # fmt: skip
    wake_relay(request)
