"""Envelopes as auditors and admins read them: one with a page of its movements, now or as
it stood at a moment, and the list of them with filters and paging."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from services.grants.application.envelope_errors import NoEnvelope
from services.grants.application.ports import Envelopes
from services.grants.domain.envelope import Envelope
from services.grants.domain.envelope_movements import Movement

MOVEMENTS_PAGE = 100


@dataclass(frozen=True)
class Statement:
    """An envelope as it stands (or stood), with one page of its movements."""

    envelope: Envelope
    movements: list[Movement]
    next_after: int | None  # pass as `after` for the next page; None when there is no more


@dataclass(frozen=True)
class EnvelopeFilter:
    programme_id: UUID | None = None
    cycle_id: str | None = None
    province_code: str | None = None


def statement_of(
    envelopes: Envelopes,
    envelope_id: UUID,
    *,
    after: int = 0,
    limit: int = MOVEMENTS_PAGE,
    as_of: datetime | None = None,
) -> Statement:
    """As of a moment, the envelope as its events up to then made it, and only the movements
    it had by then."""
    envelope = envelopes.get(envelope_id) if as_of is None else envelopes.as_of(envelope_id, as_of)
    if envelope is None:
        raise NoEnvelope(envelope_id)
    # One more than asked tells whether another page follows.
    found = envelopes.movements(envelope_id, after=after, limit=limit + 1)
    found = [m for m in found if m.version <= envelope.version]
    page = found[:limit]
    more = len(found) > limit
    return Statement(envelope, page, page[-1].version if more and page else None)


def envelopes_where(
    envelopes: Envelopes, where: EnvelopeFilter, *, limit: int, offset: int
) -> tuple[list[Envelope], int]:
    """Oldest first. Envelopes are few (a programme's cycles times the provinces): read all."""
    found = [
        e
        for e in envelopes.all()
        if where.programme_id in (None, e.programme_id)
        and where.cycle_id in (None, e.cycle_id)
        and where.province_code in (None, e.province_code)
    ]
    found.sort(key=lambda e: (e.created_on, str(e.id)))
    return found[offset : offset + limit], len(found)
