"""Intake's ports in memory, for unit tests of the use cases over eventsourcing's POPO store:
the key vault, the indexes and the unit of work (`InMemoryRecords`), the register
(memory_register.py) and the import jobs (memory_jobs.py).

A transaction that fails leaves every table as it was; the events it saved are stored when
it ends, so a refused save (a version taken meanwhile) leaves the tables as they were too.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from services.intake.application.claim_records import AnsweredMessage
from services.intake.application.ports import Changes, EventStore
from services.intake.application.records import OrganisationPage, OrganisationQuery, Page
from services.intake.domain.association import Association
from services.intake.domain.institution import Institution
from services.intake.persistence.organisation_index import (
    association_row,
    index_row,
    institution_row,
)
from services.intake.privacy.sealing import new_key


@dataclass
class Tables:
    keys: dict[UUID, bytes | None] = field(default_factory=dict)
    beneficiaries: dict[UUID, dict[str, Any]] = field(default_factory=dict)
    households: dict[UUID, dict[str, Any]] = field(default_factory=dict)
    organisations: dict[UUID, dict[str, Any]] = field(default_factory=dict)
    messages: dict[str, tuple[AnsweredMessage, str]] = field(default_factory=dict)


def _in(value: str | None, provinces: frozenset[str] | None) -> bool:
    return provinces is None or value in provinces


class InMemoryRecords:
    """`UnitOfWork`, `KeyVault`, `BeneficiaryIndex`, `HouseholdIndex` and `OrganisationIndex`
    at once, over one set of tables."""

    def __init__(self, store: EventStore) -> None:
        self.store = store
        self.tables = Tables()
        self._clock = itertools.count()  # orders rows as enrolled_at / registered_at do

    def moment(self) -> int:
        return next(self._clock)

    def transaction(self) -> AbstractContextManager[Changes]:
        return self._transaction()

    @contextmanager
    def _transaction(self) -> Iterator[Changes]:
        before = copy.deepcopy(self.tables)
        changes = _Changes(self)
        try:
            yield changes
            self.store.save(*changes.saved)
        except BaseException:
            self.tables = before
            raise

    def add_beneficiaries(self, rows: Sequence[dict[str, Any]]) -> None:
        moment = self.moment()
        for row in rows:
            self._take_identity(row["beneficiary_id"], row.get("identity_hash"))
            self.tables.beneficiaries[row["beneficiary_id"]] = {
                "merged_into": None, "enrolled_at": moment, **row,
            }  # fmt: skip

    def _take_identity(self, beneficiary_id: UUID, identity: str | None) -> None:
        """The register's unique identity hash, as the database's unique index keeps it."""
        if identity is None:
            return
        for other_id, row in self.tables.beneficiaries.items():
            if other_id != beneficiary_id and row["identity_hash"] == identity:
                raise IntegrityError("identity_hash is held by another record")

    # KeyVault -------------------------------------------------------------------------------

    def key_for(self, subject_id: UUID) -> bytes | None:
        return self.tables.keys.get(subject_id)

    def keys_for(self, subject_ids: list[UUID]) -> dict[UUID, bytes]:
        keys = self.tables.keys
        return {i: k for i in subject_ids if (k := keys.get(i)) is not None}

    # BeneficiaryIndex -----------------------------------------------------------------------

    def holder_of(self, identity_hashes: Sequence[str]) -> dict[str, UUID]:
        wanted = set(identity_hashes)
        rows = self.tables.beneficiaries.items()
        return {r["identity_hash"]: i for i, r in rows if r["identity_hash"] in wanted}

    def possible_duplicates(self, provinces: frozenset[str] | None) -> list[tuple[UUID, UUID]]:
        return [
            (i, r["possible_duplicate_of"])
            for i, r in self.tables.beneficiaries.items()
            if r["possible_duplicate_of"] is not None
            and r["merged_into"] is None
            and _in(r["province_code"], provinces)
        ]

    def search(
        self,
        *,
        provinces: frozenset[str] | None,
        province: str | None,
        category: str | None,
        status: str | None,
        limit: int,
        offset: int,
    ) -> Page:
        found = sorted(
            (r["enrolled_at"], i)
            for i, r in self.tables.beneficiaries.items()
            if r["merged_into"] is None
            and _in(r["province_code"], provinces)
            and (not province or r["province_code"] == province)
            and (not category or f",{category}," in r["categories"])
            and (not status or r["status"] == status)
        )
        return Page(ids=[i for _, i in found[offset : offset + limit]], total=len(found))

    # HouseholdIndex -------------------------------------------------------------------------

    def headed_by(self, head_id: UUID) -> UUID | None:
        rows = self.tables.households.items()
        found = sorted((r["registered_at"], i) for i, r in rows if r["head_id"] == head_id)
        return found[0][1] if found else None

    def search_households(
        self,
        *,
        provinces: frozenset[str] | None,
        province: str | None,
        disaster: str | None,
        limit: int,
        offset: int,
    ) -> tuple[list[UUID], int]:
        found = sorted(
            (r["registered_at"], i)
            for i, r in self.tables.households.items()
            if _in(r["province_code"], provinces)
            and (not province or r["province_code"] == province)
            and (not disaster or f",{disaster}," in r["disasters"])
        )
        return [i for _, i in found[offset : offset + limit]], len(found)

    # OrganisationIndex ----------------------------------------------------------------------

    def find(self, kind: str, query: OrganisationQuery) -> OrganisationPage:
        found = sorted(
            (
                r
                for r in self.tables.organisations.values()
                if r["kind"] == kind
                and _in(r["province_code"], query.provinces)
                and (query.type is None or r["type"] == query.type)
                and (query.status is None or r["status"] == query.status)
                and (query.field is None or f",{query.field}," in (r["fields"] or ""))
            ),
            key=lambda r: (r["sort_name"], r["id"]),
        )
        page = found[query.offset : query.offset + query.limit]
        return OrganisationPage(
            rows=[index_row(SimpleNamespace(**r)) for r in page], total=len(found)
        )


class InMemoryHouseholdIndex:
    """The `HouseholdIndex` port over `InMemoryRecords` (its `search` has another name)."""

    def __init__(self, records: InMemoryRecords) -> None:
        self._records = records

    def headed_by(self, head_id: UUID) -> UUID | None:
        return self._records.headed_by(head_id)

    def households_headed_by(self, head_ids: Sequence[UUID]) -> dict[UUID, UUID]:
        return {h: i for h in head_ids if (i := self._records.headed_by(h)) is not None}

    def search(self, **filters: Any) -> tuple[list[UUID], int]:
        return self._records.search_households(**filters)


class _Changes:
    def __init__(self, records: InMemoryRecords) -> None:
        self._records = records
        self.saved: list[Aggregate] = []

    @property
    def _tables(self) -> Tables:
        return self._records.tables

    def save(self, *aggregates: Aggregate) -> None:
        self.saved.extend(aggregates)

    def key_for(self, subject_id: UUID) -> bytes | None:
        return self._tables.keys.get(subject_id)

    def new_key(self, subject_id: UUID) -> bytes:
        if subject_id in self._tables.keys:
            raise IntegrityError(f"a key for {subject_id} exists")
        key = self._tables.keys[subject_id] = new_key()
        return key

    def destroy_key(self, subject_id: UUID) -> None:
        if subject_id in self._tables.keys:
            self._tables.keys[subject_id] = None

    def change_beneficiary(self, beneficiary_id: UUID, **values: Any) -> None:
        row = self._tables.beneficiaries.get(beneficiary_id)
        if row is None:
            return
        if "identity_hash" in values:
            self._records._take_identity(beneficiary_id, values["identity_hash"])
        row.update(values)

    def add_household(self, **row: Any) -> None:
        moment = self._records.moment()
        self._tables.households[row["household_id"]] = {"registered_at": moment, **row}

    def change_household(self, household_id: UUID, **values: Any) -> None:
        if (row := self._tables.households.get(household_id)) is not None:
            row.update(values)

    def record_messages(self, answered: Sequence[tuple[AnsweredMessage, str]]) -> None:
        for message, sender_hash in answered:
            if message.message_id in self._tables.messages:
                raise IntegrityError(f"message {message.message_id} was recorded")
            self._tables.messages[message.message_id] = (message, sender_hash)

    def index_institution(self, institution: Institution) -> None:
        self._tables.organisations[institution.id] = institution_row(institution)

    def index_association(self, association: Association) -> None:
        self._tables.organisations[association.id] = association_row(association)
