"""A replica's `Envelopes` that loses a race on purpose: another replica writes between its
load and its save."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from uuid import UUID

from services.grants.application.saved_together import NOTHING, Alongside
from services.grants.domain.envelope import Envelope
from services.grants.domain.envelope_movements import Movement
from services.grants.persistence.envelopes import EventSourcedEnvelopes


class Interleaved:
    """Runs the next of `meanwhile` (another replica's write) just before each save, while
    there are any, so the save it then delegates meets a version already taken."""

    def __init__(self, inner: EventSourcedEnvelopes, meanwhile: list[Callable[[], object]]):
        self._inner = inner
        self._meanwhile = meanwhile
        self.saves = 0

    def get(self, envelope_id: UUID) -> Envelope | None:
        return self._inner.get(envelope_id)

    def as_of(self, envelope_id: UUID, at: datetime) -> Envelope | None:
        return self._inner.as_of(envelope_id, at)

    def all(self) -> list[Envelope]:
        return self._inner.all()

    def save(self, *envelopes: Envelope, together_with: Alongside = NOTHING) -> None:
        self.saves += 1
        if self._meanwhile:
            self._meanwhile.pop(0)()
        self._inner.save(*envelopes, together_with=together_with)

    def movements(self, envelope_id: UUID, *, after: int, limit: int) -> list[Movement]:
        return self._inner.movements(envelope_id, after=after, limit=limit)
