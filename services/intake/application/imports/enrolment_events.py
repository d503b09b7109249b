"""The stored events of an enrolment, written without building a `Beneficiary` aggregate.

A bulk import enrols hundreds of thousands of people: creating an aggregate per person and
letting the mapper turn each event into JSON cost ~90 µs a row, most of an import's time. The
functions here write the same JSON the application's mapper writes for `Beneficiary.Enrolled`,
`ConsentRecorded` and `PossibleDuplicateFlagged` (same keys in the same order, the same
`{"_type_": ..., "_data_": ...}` forms for timestamps, dates and ids, the same separators),
as plain `json.dumps` of dicts that hold only JSON types.

The aggregate stays the source of truth: tests/unit/test_enrolment_events.py checks, byte for
byte, that these equal what `Beneficiary.enrol(...)` + `Application.save` store, and that the
repository reads them back into the same aggregate. The business rule `Beneficiary.enrol`
checks (a known province) is checked here too.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from json.encoder import encode_basestring
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic

from services.intake.domain.beneficiary import Beneficiary
from services.intake.domain.reference import Sex
from services.intake.domain.rules import ProvinceMustBeKnown
from shared.rules import check

ENROLLED = get_topic(Beneficiary.Enrolled)
CONSENT_RECORDED = get_topic(Beneficiary.ConsentRecorded)  # type: ignore[attr-defined]
DUPLICATE_FLAGGED = get_topic(Beneficiary.PossibleDuplicateFlagged)  # type: ignore[attr-defined]
_BENEFICIARY = get_topic(Beneficiary)
_ENROLLED_VERSION = Beneficiary.Enrolled.class_version

# Events as (topic, version, state): the state before the mapper's compressor and cipher.
Event = tuple[str, int, bytes]


# As eventsourcing's JSONTranscoder: compact separators, non-ASCII text kept as UTF-8.
# One encoder for every call: json.dumps with arguments builds a new one per call.
_dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


def _encode(state: dict[str, Any]) -> bytes:
    return _dumps(state).encode("utf8")


_string = encode_basestring  # a JSON string, non-ASCII kept, as `_dumps` writes it


def _optional(text: str | None) -> str:
    return "null" if text is None else _string(text)


_BENEFICIARY_JSON = _string(_BENEFICIARY)


def _moment(when: datetime) -> dict[str, str]:
    return {"_type_": "datetime_iso", "_data_": when.isoformat()}


def now() -> datetime:
    """A timestamp as the aggregate's events take it (eventsourcing's clock, its zone)."""
    return Beneficiary.Enrolled.create_timestamp()


def enrolled(
    *,
    timestamp: datetime,
    sealed_personal: str,
    sex: str,
    province_code: str,
    commune_code: str,
    categories: list[dict[str, Any]],
    actor: str,
    reason: str | None,
    traceparent: str | None,
) -> Event:
    check(ProvinceMustBeKnown(province_code))
    # Spelled out rather than json.dumps of a dict: a third of the cost, for the event every
    # enrolment has. Each value is still encoded by json's own functions.
    state = (
        f'{{"timestamp":{{"_type_":"datetime_iso","_data_":"{timestamp.isoformat()}"}},'
        f'"originator_topic":{_BENEFICIARY_JSON},'
        f'"sealed_personal":{_string(sealed_personal)},"sex":{_string(str(Sex(sex)))},'
        f'"province_code":{_string(province_code)},"commune_code":{_string(commune_code)},'
        f'"categories":{_dumps(categories)},"actor":{_string(actor)},'
        f'"reason":{_optional(reason)},"traceparent":{_optional(traceparent)},'
        f'"class_version":{_ENROLLED_VERSION}}}'
    )
    return ENROLLED, 1, state.encode("utf8")


def consent_recorded(
    *, version: int, timestamp: datetime, purpose: str, given_on: date, actor: str
) -> Event:
    state = {
        "timestamp": _moment(timestamp),
        "purpose": purpose,
        "given_on": {"_type_": "date_iso", "_data_": given_on.isoformat()},
        "actor": actor,
        "reason": None,
    }
    return CONSENT_RECORDED, version, _encode(state)


def duplicate_flagged(
    *, version: int, timestamp: datetime, other_id: UUID, actor: str, reason: str
) -> Event:
    state = {
        "timestamp": _moment(timestamp),
        "other_id": {"_type_": "uuid_hex", "_data_": other_id.hex},
        "actor": actor,
        "reason": reason,
    }
    return DUPLICATE_FLAGGED, version, _encode(state)
