"""What grants' use cases need from the outside world, as Protocols; adapters in persistence/."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol
from uuid import UUID

from services.grants.domain.eligibility_review import EligibilityReview
from services.grants.domain.envelope import Envelope
from services.grants.domain.envelope_movements import Movement


class Reviews(Protocol):
    """The eligibility reviews kept so far."""

    def add(self, review: EligibilityReview) -> None:
        """Store a new review's events; inside an open `UnitOfWork` they commit with it."""

    def get(self, review_id: UUID) -> EligibilityReview | None: ...


class UnitOfWork(Protocol):
    """One transaction around a use case: what `Reviews.add` stores while it is open commits
    with whatever else the caller writes in it (the consumer's inbox row), or none of it does."""

    def transaction(self) -> AbstractContextManager[object]: ...


class EnvelopeChangedMeanwhile(Exception):
    """Another writer (another replica) stored an event of one of these envelopes first, at
    a version this save wanted; nothing of this save was stored."""


class Envelopes(Protocol):
    """The budget envelopes, kept as event-sourced ledgers."""

    def get(self, envelope_id: UUID) -> Envelope | None: ...

    def save(self, *envelopes: Envelope) -> None:
        """Store the envelopes' new events together, or none of them; raises
        `EnvelopeChangedMeanwhile` on a version conflict (optimistic concurrency)."""

    def movements(self, envelope_id: UUID, *, after: int, limit: int) -> list[Movement]:
        """The envelope's movements with a version above `after`, oldest first."""
        ...
