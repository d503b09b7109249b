"""Everything about a beneficiaries row that needs no database: checking it, its keyed hashes,
a new id and key, the sealed personal data and the encoded events.

This is most of an import's work, and it can run in other processes (parallel.py) while
the batch before is being written: the answer for each row is either its reasons for being
rejected or a `NewPerson`, which the enrolment pipeline (enrolling.py) enrols unless the
person is already held, in file order.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from eventsourcing.persistence import Mapper

from services.intake.application.enrolling import NewPerson, beneficiary_events
from services.intake.application.imports.beneficiary_rows import validate_row
from services.intake.application.imports.csv_format import Row, RowRejected
from services.intake.application.imports.repeats import RepeatedRow
from services.intake.application.imports.row_checks import NOT_ALLOWED
from services.intake.application.records import categories_column
from services.intake.domain.territory import Territory
from services.intake.privacy.sealing import KEY_BYTES, LookupHasher, seal

# Per row, in row order: (row number, the enrolment), (row number, reasons for rejecting)
# or, for a repeat of an earlier row, (row number, RepeatedRow) as it came.
PreparedRow = tuple[int, NewPerson | list[str] | RepeatedRow]
NumberedRow = tuple[int, Row | RowRejected | RepeatedRow]


def new_id_and_key() -> tuple[bytes, str, bytes]:
    """A random (version 4) id, as 16 bytes and as text, and a new personal key: what
    `uuid4()` and `new_key()` give, from one read of the system's randomness and without
    building a UUID, which cost a tenth of a row's preparing."""
    random = os.urandom(16 + KEY_BYTES)
    raw = bytearray(random[:16])
    raw[6] = raw[6] & 0x0F | 0x40  # version 4
    raw[8] = raw[8] & 0x3F | 0x80  # RFC 4122 variant
    h = raw.hex()
    return bytes(raw), f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}", random[16:]


@dataclass(frozen=True)
class Preparer:
    """What preparing rows needs (picklable, to be sent to worker processes once)."""

    lookup_secret: bytes
    territory: Territory
    today: date
    allowed_provinces: frozenset[str] | None
    actor: str
    reason: str | None
    mapper: Mapper[UUID]  # the event store's: the events are stored as they come back

    def prepare(self, batch: list[NumberedRow]) -> list[PreparedRow]:
        hasher = LookupHasher(self.lookup_secret)
        out: list[PreparedRow] = []
        for number, row in batch:
            if isinstance(row, RepeatedRow):
                out.append((number, row))
                continue
            try:
                out.append((number, self._prepare_row(row, hasher)))
            except RowRejected as rejected:
                out.append((number, rejected.reasons))
        return out

    def _prepare_row(self, row: Row | RowRejected, hasher: LookupHasher) -> NewPerson:
        if isinstance(row, RowRejected):
            raise row
        allowed = self.allowed_provinces
        if allowed is not None and row.get("province_code") not in allowed:
            raise RowRejected([NOT_ALLOWED])
        enrolment = validate_row(row, self.territory, self.today)
        personal = enrolment.personal
        id_bytes, id_text, key = new_id_and_key()
        consent = enrolment.consent
        events = beneficiary_events(
            self.mapper,
            UUID(bytes=id_bytes),
            (consent.purpose, consent.given_on) if consent else None,
            sealed_personal=seal(key, personal.to_fields(), id_text),
            sex=str(enrolment.sex),
            province_code=enrolment.province_code,
            commune_code=enrolment.commune_code,
            categories=enrolment.categories,
            actor=self.actor,
            reason=self.reason,
            traceparent=None,
        )
        return NewPerson(
            identity_hash=hasher.digest(*personal.identity()),
            likeness_hash=hasher.likeness(
                personal.name_ar or personal.name_lat or "",
                personal.birth_date.isoformat(),
                enrolment.commune_code,
            ),
            id_bytes=id_bytes,
            key=key,
            province_code=enrolment.province_code,
            commune_code=enrolment.commune_code,
            categories=categories_column(enrolment.categories),
            events=events,
            actor=self.actor,
        )
