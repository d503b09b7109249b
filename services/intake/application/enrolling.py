"""The one enrolment pipeline: single enrolments (group commit) and imports both come here.

A batch of people, each with their keyed hashes, new id, key and events, goes to the register
in one transaction: who already holds each identity (in the register or earlier in the batch)
is a duplicate of that record; everybody else is enrolled with their key, their register row
and their events, flagged against the oldest few records sharing their likeness hash. The
register's unique identity hash stops a replica racing us: the batch is then looked up and
written again.

The events are always the `Beneficiary` aggregate's own, turned into stored events by the
event store's mapper (`beneficiary_events`); an import does that in its worker processes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple
from uuid import UUID

from eventsourcing.persistence import Mapper, StoredEvent

from services.intake.application.errors import DUPLICATE_ERRORS, AlreadyEnrolled
from services.intake.application.ports import Register, Registers
from services.intake.application.register_sort import NewRecord, sort_out
from services.intake.domain.beneficiary import Beneficiary
from services.intake.domain.reference import BeneficiaryStatus

LIKELY_DUPLICATE = "same name, birth date and commune as an existing record"
# A caseworker compares a handful of records, not hundreds: flag against the oldest few.
MAX_FLAGS = 3
ENROLLED_STATUS = str(BeneficiaryStatus.ENROLLED)

Outcome = UUID | AlreadyEnrolled
# A stored event as (topic, version, state): a plain tuple crosses process boundaries fast.
Event = tuple[str, int, bytes]


class NewPerson(NamedTuple):
    """One person to enrol, everything computed but what the register knows. A tuple of plain
    values, the id as 16 bytes: unpickled ten times faster than a dataclass holding a UUID
    (an import's come back from worker processes)."""

    identity_hash: str
    likeness_hash: str
    id_bytes: bytes
    key: bytes
    province_code: str
    commune_code: str
    categories: str  # records.categories_column(...)
    events: list[Event]
    actor: str

    @property
    def beneficiary_id(self) -> UUID:
        return UUID(bytes=self.id_bytes)


def beneficiary_events(
    mapper: Mapper[UUID],
    beneficiary_id: UUID,
    consent: tuple[str, date] | None = None,
    **enrolled: Any,
) -> list[Event]:
    """The stored events of a new `Beneficiary`: enrolled (the domain checks its rules) and,
    with `consent` (purpose, given on), the consent recorded."""
    events = Beneficiary.enrolment_events(
        beneficiary_id=beneficiary_id, consent=consent, **enrolled
    )
    return [_event(mapper.to_stored_event(e)) for e in events]


def enrol_batch(
    registers: Registers, mapper: Mapper[UUID], people: Sequence[NewPerson]
) -> list[Outcome]:
    """Enrol the batch in one transaction; what became of each person, in order."""
    try:
        return _write(registers, mapper, people)
    except DUPLICATE_ERRORS:
        # Another replica enrolled one of these identities since we looked: look again.
        return _write(registers, mapper, people)


def _write(
    registers: Registers, mapper: Mapper[UUID], people: Sequence[NewPerson]
) -> list[Outcome]:
    identities = [p.identity_hash for p in people]
    likenesses = [p.likeness_hash for p in people]
    with registers.transaction() as register:
        held, alike = register.lookup(identities, likenesses, MAX_FLAGS)
        ids = [p.beneficiary_id for p in people]
        outcomes, new = sort_out(identities, likenesses, ids, held, alike, MAX_FLAGS)
        if new:
            _record(register, mapper, [(people[n.position], n) for n in new])
    return outcomes


def _record(
    register: Register, mapper: Mapper[UUID], fresh: list[tuple[NewPerson, NewRecord]]
) -> None:
    keys: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    stored: list[StoredEvent] = []
    for person, (_, beneficiary_id, flag_against) in fresh:
        keys.append({"subject_id": beneficiary_id, "key": person.key})
        rows.append(
            {
                "beneficiary_id": beneficiary_id,
                "identity_hash": person.identity_hash,
                "likeness_hash": person.likeness_hash,
                "province_code": person.province_code,
                "commune_code": person.commune_code,
                "categories": person.categories,
                "status": ENROLLED_STATUS,
                "possible_duplicate_of": flag_against[0] if flag_against else None,
            }
        )
        for topic, version, state in person.events:
            stored.append(StoredEvent(beneficiary_id, version, topic, state))
        version = len(person.events)
        for other in flag_against:
            version += 1
            flagged = Beneficiary.PossibleDuplicateFlagged(  # type: ignore[attr-defined]
                originator_id=beneficiary_id,
                originator_version=version,
                timestamp=Beneficiary.PossibleDuplicateFlagged.create_timestamp(),  # type: ignore[attr-defined]
                other_id=other,
                actor=person.actor,
                reason=LIKELY_DUPLICATE,
            )
            stored.append(mapper.to_stored_event(flagged))
    register.write(keys, rows, stored)


def _event(stored: StoredEvent) -> Event:
    return stored.topic, stored.originator_version, stored.state
