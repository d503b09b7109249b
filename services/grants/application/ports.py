"""What grants' use cases need from the outside world, as Protocols; adapters in persistence/."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol
from uuid import UUID

from services.grants.domain.eligibility_review import EligibilityReview


class Reviews(Protocol):
    """The eligibility reviews kept so far."""

    def add(self, review: EligibilityReview) -> None:
        """Store a new review's events; inside an open `UnitOfWork` they commit with it."""

    def get(self, review_id: UUID) -> EligibilityReview | None: ...


class UnitOfWork(Protocol):
    """One transaction around a use case: what `Reviews.add` stores while it is open commits
    with whatever else the caller writes in it (the consumer's inbox row), or none of it does."""

    def transaction(self) -> AbstractContextManager[object]: ...
