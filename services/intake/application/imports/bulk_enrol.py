"""Writing a batch of prepared enrolments (preparing.py) in one transaction, in row order.

The same decisions as `BeneficiaryEnrolment._enrol_batch`, which the single enrolments use:
a person whose identity is already held (in the register, or earlier in the batch) is a
duplicate of that record; every other one is enrolled with their key, their index row and
their events, flagged against the oldest few records that share their likeness hash. The
register's unique identity hash stops a replica racing us: the batch is then looked up and
written again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from services.intake.application.beneficiaries import LIKELY_DUPLICATE, MAX_FLAGS
from services.intake.application.errors import DUPLICATE_ERRORS, AlreadyEnrolled
from services.intake.application.imports import enrolment_events as events
from services.intake.application.imports.preparing import ENROLLED_STATUS, PreparedEnrolment
from services.intake.application.ports import EventStore, Register, Registers
from services.intake.application.register_sort import NewRecord, sort_out

Outcome = UUID | AlreadyEnrolled


def enrol_prepared(
    app: EventStore, registers: Registers, prepared: Sequence[PreparedEnrolment], actor: str
) -> list[Outcome]:
    """Enrol the batch in one transaction; what became of each, in order."""
    try:
        return _write(app, registers, prepared, actor)
    except DUPLICATE_ERRORS:
        # Another replica enrolled one of these identities since we looked: look again.
        return _write(app, registers, prepared, actor)


def _write(
    app: EventStore, registers: Registers, prepared: Sequence[PreparedEnrolment], actor: str
) -> list[Outcome]:
    with registers.transaction() as register:
        identities = [p.identity_hash for p in prepared]
        likenesses = [p.likeness_hash for p in prepared]
        held, alike = register.lookup(identities, likenesses, MAX_FLAGS)
        ids = [p.beneficiary_id for p in prepared]
        outcomes, new = sort_out(identities, likenesses, ids, held, alike, MAX_FLAGS)
        if new:
            _record(app, register, [(prepared[n.position], n) for n in new], actor)
    return outcomes


def _record(
    app: EventStore,
    register: Register,
    fresh: list[tuple[PreparedEnrolment, NewRecord]],
    actor: str,
) -> None:
    keys: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    stored: list[StoredEvent] = []
    mapper = app.mapper
    for p, (_, beneficiary_id, flag_against) in fresh:
        keys.append({"subject_id": beneficiary_id, "key": p.key})
        rows.append(
            {
                "beneficiary_id": beneficiary_id,
                "identity_hash": p.identity_hash,
                "likeness_hash": p.likeness_hash,
                "province_code": p.province_code,
                "commune_code": p.commune_code,
                "categories": p.categories,
                "status": ENROLLED_STATUS,
                "possible_duplicate_of": flag_against[0] if flag_against else None,
            }
        )
        recorded = list(p.events)
        for other in flag_against:
            recorded.append(
                events.duplicate_flagged(
                    version=len(recorded) + 1,
                    timestamp=events.now(),
                    other_id=other,
                    actor=actor,
                    reason=LIKELY_DUPLICATE,
                )
            )
        for topic, version, state in recorded:
            if mapper.compressor:
                state = mapper.compressor.compress(state)
            if mapper.cipher:
                state = mapper.cipher.encrypt(state)
            stored.append(StoredEvent(beneficiary_id, version, topic, state))
    register.write(keys, rows, stored)
