"""What grants' use cases need from the outside world, as Protocols; adapters in persistence/."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from services.grants.application.saved_together import NOTHING, Alongside
from services.grants.domain.decision import Decision
from services.grants.domain.decision_rules import DecisionStatus
from services.grants.domain.eligibility import (
    AssociationFacts,
    ClaimFacts,
    HouseholdFacts,
    InstitutionFacts,
    PersonFacts,
)
from services.grants.domain.envelope import Envelope
from services.grants.domain.envelope_movements import Movement
from services.grants.domain.programme import Programme


class UnitOfWork(Protocol):
    """One transaction around a use case: what the use case stores while it is open commits
    with whatever else the caller writes in it (the consumer's inbox row), or none of it does."""

    def transaction(self) -> AbstractContextManager[object]: ...


class EnvelopeChangedMeanwhile(Exception):
    """Another writer (another replica) stored an event of one of these envelopes first, at
    a version this save wanted; nothing of this save was stored."""


class Envelopes(Protocol):
    """The budget envelopes, kept as event-sourced ledgers."""

    def get(self, envelope_id: UUID) -> Envelope | None: ...

    def as_of(self, envelope_id: UUID, at: datetime) -> Envelope | None: ...  # None: not open

    def all(self) -> list[Envelope]: ...

    def save(self, *envelopes: Envelope, together_with: Alongside = NOTHING) -> None:
        """Store the envelopes' new events and `together_with` (other records' events) in
        one transaction, or none of them; raises `EnvelopeChangedMeanwhile` on a version
        conflict (optimistic concurrency)."""

    def movements(self, envelope_id: UUID, *, after: int, limit: int) -> list[Movement]:
        """The envelope's movements with a version above `after`, oldest first."""


RecordT = TypeVar("RecordT")
Page = tuple[list[UUID], int]  # one page's ids, in list order, and how many match in all


@dataclass(frozen=True)
class HistoryEntry:
    """One event of a record: what happened, when, by whom and why."""

    version: int
    what: str
    when: datetime
    who: str | None
    why: str | None


class RecordChangedMeanwhile(Exception):
    """A save collided on a record's (id, version): it exists already, or another writer
    changed it first; nothing of the save was stored."""


class Records(Protocol[RecordT]):
    """Grants' records of one kind (programmes, decisions, ...), with their history."""

    def get(self, record_id: UUID, *, as_of: datetime | None = None) -> RecordT | None:
        """The record now, or as it stood at `as_of`; None if it did not exist (yet)."""

    def all(self) -> list[RecordT]: ...

    def get_many(self, record_ids: list[UUID]) -> list[RecordT]:
        """Those of the records that exist, in the order of the ids, loaded together."""

    def history(self, record_id: UUID) -> list[HistoryEntry]:
        """Every event of the record, oldest first; empty if there is no such record."""


class Saves(Protocol):
    def save(self, *records: Aggregate) -> None:
        """Store the records' new events together, or none of them; raises
        `RecordChangedMeanwhile` on a version collision."""


class OrganisationFacts(Protocol):
    """What intake published about institutions and associations, as grants knows it."""

    def institution(self, institution_id: UUID) -> InstitutionFacts | None: ...

    def association(self, association_id: UUID) -> AssociationFacts | None: ...


class Provinces(Protocol):
    """The provinces and prefectures of the territory (codes such as "KHN")."""

    def known(self, province_code: str) -> bool: ...


class IntakeFacts(Protocol):
    """What grants knows of intake's subjects, never personal data: ids, codes, categories,
    statuses, impacts, relief claims, organisations' licensing and fields. Writes inside an
    open `UnitOfWork` commit with it (the consumer's inbox row)."""

    def person(self, beneficiary_id: UUID) -> PersonFacts | None: ...

    def keep_person(self, person: PersonFacts) -> None: ...

    def keep_household(self, household_id: UUID, *, head_id: UUID, province_code: str) -> None:
        """A registered household (its impacts come one per disaster, `keep_impact`)."""

    def household_province(self, household_id: UUID) -> str | None: ...

    def household_head(self, household_id: UUID) -> UUID | None: ...

    def households_headed_by(self, head_id: UUID) -> list[UUID]:
        """The households registered with this beneficiary as their head."""

    def impact(self, household_id: UUID, disaster: str) -> HouseholdFacts | None: ...

    def keep_impact(self, impact: HouseholdFacts) -> None:
        """One household's impact from one disaster, in place of any earlier one."""

    def claim(self, household_id: UUID, disaster: str) -> ClaimFacts | None: ...

    def lock_household(self, household_id: UUID) -> None:
        """Until the open transaction ends, any other one locking this household waits."""

    def keep_claim(self, claim: ClaimFacts) -> None:
        """One household's claim of relief for one disaster; one kept already stands."""

    def institution(self, institution_id: UUID) -> InstitutionFacts | None: ...

    def keep_institution(self, institution: InstitutionFacts) -> None: ...

    def association(self, association_id: UUID) -> AssociationFacts | None: ...

    def keep_association(self, association: AssociationFacts) -> None: ...


class ProgrammeCatalogue(Protocol):
    """The programmes stored so far, with their open cycles."""

    def programmes(self) -> list[Programme]: ...


class Proposals(Protocol):
    """Decisions (a proposal and what became of it), by their deterministic ids, and which
    were made for which subject."""

    def get(self, decision_id: UUID) -> Decision | None: ...

    def add(self, *decisions: Decision) -> None:
        """New proposals, stored and indexed by subject together inside an open `UnitOfWork`
        (or none of them); raises `RecordChangedMeanwhile` if one was stored already."""

    def save(self, *decisions: Decision) -> None:
        """Decisions' new events (a cancellation, ...)."""

    def of_subject(self, subject_id: UUID) -> list[UUID]:
        """The ids of the decisions proposed for this subject, oldest first."""

    def page(
        self,
        *,
        provinces: frozenset[str] | None,
        programme_id: UUID | None,
        status: DecisionStatus | None,
        limit: int,
        offset: int,
    ) -> Page:
        """The decisions proposed in these provinces (None: all), for this programme (None:
        any), in this status (None: any), oldest proposal first."""


# --- indexes of the listed records, kept in the transaction of their events (h-reads) ---
@dataclass(frozen=True)
class DecisionQuery:
    provinces: frozenset[str] | None  # None: every province
    programme_id: UUID | None = None
    cycle: str | None = None
    component: str | None = None
    status: DecisionStatus | None = None
    subject_id: UUID | None = None
    limit: int = 50
    offset: int = 0


class DecisionIndex(Protocol):
    def decisions(self, query: DecisionQuery) -> Page:
        """The decisions the query matches, oldest first (created on, then id)."""

    def unlisted_proposals(
        self, programme_id: UUID, cycle: str, province_code: str, component: str
    ) -> list[UUID]:
        """The decisions of this programme, cycle, province and component still proposed and
        a line of none of their payment lists, oldest first."""


class PaymentListIndex(Protocol):
    def payment_lists(
        self,
        provinces: frozenset[str] | None,
        *,
        programme_id: UUID | None,
        cycle: str | None,
        component: str | None,
        limit: int,
        offset: int,
    ) -> Page:
        """Payment lists in these provinces (None: all), oldest first (created on, then id)."""

    def last_number(
        self, programme_id: UUID, cycle: str, province_code: str, component: str
    ) -> int:
        """The highest number of the lists drawn up for these four so far (0: none)."""


class OrderIndex(Protocol):
    def orders(
        self,
        *,
        programme_id: UUID | None,
        cycle: str | None,
        provinces: frozenset[str] | None,
        status: str | None,
        limit: int,
        offset: int,
    ) -> Page:
        """Payment and delivery orders, in the order they were issued."""

    def exceptions(
        self, *, status: str | None, provinces: frozenset[str] | None, limit: int, offset: int
    ) -> Page:
        """Reconciliation exceptions, in the order they were raised; one without a province
        is in every province's list."""
