"""Sorting out a batch of people against what the register lookup found: who is a duplicate
of a record already held, and who is new (flagged against the oldest records alike)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple
from uuid import UUID

from services.intake.application.errors import AlreadyEnrolled


class NewRecord(NamedTuple):
    """A person of the batch to enrol: where they are in it, their new id, and the oldest
    alike records to flag them against (the first one goes in the register row)."""

    position: int
    beneficiary_id: UUID
    flag_against: list[UUID]


def sort_out(
    identity_hashes: Sequence[str],
    likeness_hashes: Sequence[str],
    new_ids: Sequence[UUID],
    held: dict[str, UUID],
    alike: dict[str, list[UUID]],
    alike_limit: int,
) -> tuple[list[UUID | AlreadyEnrolled], list[NewRecord]]:
    """What becomes of each person of a batch, in order, given what `lookup` found: a
    duplicate of the record holding their identity (in the register or earlier in the
    batch), or a new record flagged against the oldest records alike (earlier ones of the
    batch included). `held` and `alike` are updated as the batch goes."""
    outcomes: list[UUID | AlreadyEnrolled] = []
    new: list[NewRecord] = []
    for position, (identity, likeness, beneficiary_id) in enumerate(
        zip(identity_hashes, likeness_hashes, new_ids, strict=True)
    ):
        if identity in held:
            outcomes.append(AlreadyEnrolled(held[identity]))
            continue
        held[identity] = beneficiary_id
        earlier = alike.setdefault(likeness, [])
        new.append(NewRecord(position, beneficiary_id, earlier[:alike_limit]))
        earlier.append(beneficiary_id)
        outcomes.append(beneficiary_id)
    return outcomes, new
