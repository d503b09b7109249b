"""What disbursements and statements need from the outside world: the records they keep
(orders, envelopes, applied statements, exceptions: saved together or not at all), and who
each subject is paid as."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from eventsourcing.domain import Aggregate

from services.grants.application.payment_provider import Account
from services.grants.domain.envelope import Envelope


class RecordsChangedMeanwhile(Exception):
    """Another writer (another replica, a redelivered message) stored one of these records
    first: nothing of this save was stored."""


class DisbursementRecords(Protocol):
    def get(self, record_id: UUID, *, as_of: datetime | None = None) -> Aggregate | None:
        """The record now, or as it stood at `as_of` (None if it did not exist yet)."""

    def get_many(self, record_ids: Sequence[UUID]) -> dict[UUID, Aggregate]:
        """The records with these ids that exist, by id (read in bulk where the store can)."""
        ...

    def envelope(self, envelope_id: UUID) -> Envelope | None: ...

    def save(self, *records: Aggregate) -> None:
        """Store the records' new events in one transaction, or none of them; raises
        `RecordsChangedMeanwhile` when one was created or changed by another writer."""

    def created(
        self, *kinds: type[Aggregate.Created], after: int = 0, limit: int = 1000
    ) -> list[tuple[int, UUID]]:
        """(position, id) of the records created by one of these events after position
        `after`, oldest first."""
        ...

    def history(self, record_id: UUID) -> Sequence[Aggregate.Event]: ...


@dataclass(frozen=True)
class Payee:
    name: str
    account: Account


class Payees(Protocol):
    def payee(self, subject_id: UUID) -> Payee:
        """Who the subject (a household, a person, an association) is paid as, and where."""
        ...
