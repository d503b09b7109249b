"""`DisbursementRecords` over grants' event store (PostgreSQL, SQLite or POPO in tests), and
a `Payees` that pays every subject through the cash network until intake's published
beneficiaries carry names and accounts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import get_topic

from services.grants.application.disbursement_ports import Payee, RecordsChangedMeanwhile
from services.grants.application.payment_provider import Account
from services.grants.domain.envelope import Envelope
from services.grants.persistence.event_store import GrantsEventStore
from shared.eventsourcing_internals import load_many


class EventSourcedDisbursementRecords:
    def __init__(self, store: GrantsEventStore) -> None:
        self._store = store

    def get(self, record_id: UUID, *, as_of: datetime | None = None) -> Aggregate | None:
        version: int | None = None
        if as_of is not None:
            events = self._store.repository.event_store.get(record_id)
            versions = [e.originator_version for e in events if e.timestamp <= as_of]  # type: ignore[attr-defined]
            if not versions:
                return None
            version = max(versions)
        try:
            found: Aggregate = self._store.repository.get(record_id, version=version)
        except AggregateNotFoundError:
            return None
        return found

    def get_many(self, record_ids: Sequence[UUID]) -> dict[UUID, Aggregate]:
        # One query per thousand records instead of one per record: a statement's orders
        # were read one by one, most of reconciliation's time after the envelope's replay.
        return load_many(self._store, record_ids)

    def envelope(self, envelope_id: UUID) -> Envelope | None:
        return self._store.envelope(envelope_id)

    def save(self, *records: Aggregate) -> None:
        try:
            self._store.save(*records)
        except IntegrityError as e:
            raise RecordsChangedMeanwhile(str(e)) from e

    def created(
        self, *kinds: type[Aggregate.Created], after: int = 0, limit: int = 1000
    ) -> list[tuple[int, UUID]]:
        found = self._store.recorder.select_notifications(
            start=after + 1, limit=limit, topics=[get_topic(kind) for kind in kinds]
        )
        return [(n.id, UUID(str(n.originator_id))) for n in found]

    def history(self, record_id: UUID) -> Sequence[Aggregate.Event]:
        return [
            e
            for e in self._store.repository.event_store.get(record_id)
            if isinstance(e, Aggregate.Event)
        ]


class CashNetworkPayees:
    """Each subject collects at a cash-network agency against an identity document, under a
    payout reference derived from its id."""

    def payee(self, subject_id: UUID) -> Payee:
        name = f"Bénéficiaire {subject_id.hex[:8]}"
        return Payee(name, Account.cash(f"TAAWUN-{subject_id.hex[:24]}"))


# The demo's paying account (a Moroccan RIB): the simulated provider pays from it.
DEMO_AGENCY_NAME = "Entraide Nationale — Taawun (démonstration)"
DEMO_AGENCY_ACCOUNT = Account.rib("011780000012345678901234")
