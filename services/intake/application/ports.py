"""What intake's use cases need from the outside world, as Protocols; the adapters are in
persistence/ (SQLite or PostgreSQL through SQLAlchemy) and, for unit tests, in memory."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.application import Repository
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import ApplicationRecorder, Mapper, StoredEvent

from services.intake.application.claim_records import AnsweredMessage
from services.intake.application.imports.jobs import (
    ImportJob,
    ImportReport,
    JobKind,
    JobStatus,
    Outcome,
    RowOutcome,
)
from services.intake.application.records import (
    HistoryEntry,
    OrganisationPage,
    OrganisationQuery,
    Page,
)
from services.intake.domain.association import Association
from services.intake.domain.institution import Institution

# Who holds each identity hash; the records alike for each likeness hash, oldest first.
Found = tuple[dict[str, UUID], dict[str, list[UUID]]]


class EventStore(Protocol):
    """Intake's one eventsourcing application (tables `intake_*`)."""

    @property
    def repository(self) -> Repository[UUID]: ...

    @property
    def mapper(self) -> Mapper[UUID]: ...

    @property
    def recorder(self) -> ApplicationRecorder:
        """Not for use cases: for the relay, which reads the notification log, and tests."""

    def close(self) -> None: ...

    def save(self, *aggregates: Aggregate) -> object: ...

    def history(self, aggregate_id: UUID) -> list[HistoryEntry]:
        """Every event of one record; AggregateNotFoundError if there is no such record."""

    def get_many(self, aggregate_ids: Sequence[UUID]) -> dict[UUID, Any]:
        """The records with these ids that exist, by id (one read where the store allows)."""

    def as_of(self, aggregate_id: UUID, when: datetime) -> Any:
        """The record as it stood at `when`; NotYetRecorded if it did not exist yet."""


class Register(Protocol):
    """The register inside one transaction (a batch of enrolments)."""

    def lookup(self, identities: Sequence[str], likenesses: Sequence[str], limit: int) -> Found:
        """Who holds each identity hash; the oldest `limit` open records per likeness hash."""

    def write(
        self,
        keys: Sequence[dict[str, Any]],
        index_rows: Sequence[dict[str, Any]],
        events: Sequence[StoredEvent],
    ) -> None:
        """The new records: keys, register rows, events (IntegrityError if an identity was
        taken since the lookup, by another replica)."""


class Registers(Protocol):
    def transaction(self) -> AbstractContextManager[Register]:
        """A transaction on the register, committed when the block ends without error."""


class Changes(Protocol):
    """What one use case writes in one transaction: its aggregates' new events and the rows
    that must commit with them (keys, index rows), or none of it."""

    def save(self, *aggregates: Aggregate) -> None: ...

    def key_for(self, subject_id: UUID) -> bytes | None:
        """None once the subject's data was erased (or if it never had a key)."""

    def new_key(self, subject_id: UUID) -> bytes: ...

    def destroy_key(self, subject_id: UUID) -> None: ...

    def change_beneficiary(self, beneficiary_id: UUID, **values: Any) -> None:
        """Change the beneficiary's register row (identity_hash, status, ...)."""

    def add_household(self, **row: Any) -> None: ...

    def record_messages(self, answered: Sequence[tuple[AnsweredMessage, str]]) -> None:
        """SMS claims' messages and outcomes, each with its sender's keyed hash
        (IntegrityError if one's id was recorded)."""

    def change_household(self, household_id: UUID, **values: Any) -> None: ...

    def index_institution(self, institution: Institution) -> None: ...

    def index_association(self, association: Association) -> None: ...


class UnitOfWork(Protocol):
    def transaction(self) -> AbstractContextManager[Changes]: ...


class KeyVault(Protocol):
    """Reading keys outside a transaction (writes go through `Changes`)."""

    def key_for(self, subject_id: UUID) -> bytes | None: ...

    def keys_for(self, subject_ids: list[UUID]) -> dict[UUID, bytes]: ...


class BeneficiaryIndex(Protocol):
    def holder_of(self, identity_hashes: Sequence[str]) -> dict[str, UUID]:
        """Which beneficiary already holds each of these identities."""

    def possible_duplicates(self, provinces: frozenset[str] | None) -> list[tuple[UUID, UUID]]:
        """Open (record, possibly the same person as) pairs in `provinces` (None: all)."""

    def search(
        self,
        *,
        provinces: frozenset[str] | None,
        province: str | None,
        category: str | None,
        status: str | None,
        limit: int,
        offset: int,
    ) -> Page: ...


class HouseholdIndex(Protocol):
    def headed_by(self, head_id: UUID) -> UUID | None:
        """The first household registered with this head, if any."""

    def households_headed_by(self, head_ids: Sequence[UUID]) -> dict[UUID, UUID]:
        """`headed_by` for many heads at once: head → household, for those heading one."""

    def search(
        self,
        *,
        provinces: frozenset[str] | None,
        province: str | None,
        disaster: str | None,
        limit: int,
        offset: int,
    ) -> tuple[list[UUID], int]:
        """Households in `provinces` (None: all), oldest registration first; and how many."""


class OrganisationIndex(Protocol):
    def find(self, kind: str, query: OrganisationQuery) -> OrganisationPage: ...


class ImportJobs(Protocol):
    """Import jobs and their rows' outcomes, where every replica can read them."""

    def create(self, job_id: UUID, kind: JobKind, submitted_by: str, total_rows: int) -> None: ...

    def exists(self, job_id: UUID) -> bool: ...

    def record_batch(
        self,
        job_id: UUID,
        batch: int,
        report: ImportReport,
        processed: int,
        outcomes: dict[Outcome, list[tuple[int, Any]]],
    ) -> None:
        """The outcomes of one batch, and the job's counts so far, in one transaction."""

    def finish(self, job_id: UUID, status: JobStatus, error: str | None = None) -> None: ...

    def get(self, job_id: UUID) -> ImportJob | None: ...

    def outcomes(
        self, job_id: UUID, outcome: Outcome, limit: int, offset: int = 0
    ) -> list[RowOutcome]: ...
