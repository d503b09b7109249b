"""The bulk import writes an enrolment's events without a `Beneficiary` aggregate
(enrolment_events.py): they must be exactly the events the aggregate and the mapper store."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import eventsourcing.domain
import pytest

from services.intake.application.beneficiaries import LIKELY_DUPLICATE
from services.intake.application.imports import enrolment_events as events
from services.intake.domain.beneficiary import Beneficiary, category_entry
from services.intake.domain.reference import Category
from services.intake.persistence.event_store import IntakeEventStore
from shared.eventstore import eventstore_env
from shared.rules import BusinessRuleBroken

MOMENTS = [
    datetime(2026, 2, 14, 9, 30, 1, 250_000, tzinfo=UTC),
    datetime(2026, 2, 14, 9, 30, 2, tzinfo=UTC),  # no microseconds: isoformat drops them
    datetime(2026, 2, 14, 9, 30, 3, 7, tzinfo=UTC),
]


@pytest.fixture
def app(tmp_path: Path) -> Iterator[IntakeEventStore]:
    url = f"sqlite:///{tmp_path}/intake.sqlite"
    intake = IntakeEventStore(env=eventstore_env(url) | {"LOOKUP_SECRET": "t"})
    yield intake
    intake.close()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The aggregate's three events take these moments, then ours take them again."""
    ticks = iter(MOMENTS * 2)
    monkeypatch.setattr(eventsourcing.domain, "datetime_now_with_tzinfo", lambda: next(ticks))
    yield


CASES: list[dict[str, Any]] = [
    {  # Arabic text, quotes and a backslash, a disability, a reason and a trace
        "sex": "F",
        "categories": [
            category_entry(Category.DISABILITY, evidence='شهادة "طبية" \\ 12',
                           since=date(2026, 2, 10), disability_type="motor", severity="severe")
        ],
        "actor": "cw-lar",
        "reason": "bulk import 7f0c",
        "traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    },
    {  # nulls
        "sex": "M",
        "categories": [category_entry(Category.ELDERLY_WITHOUT_SUPPORT, evidence="census",
                                      since=date(2025, 1, 1))],
        "actor": "cw-ken",
        "reason": None,
        "traceparent": None,
    },
]  # fmt: skip


@pytest.mark.parametrize("case", CASES)
def test_the_events_are_byte_for_byte_the_aggregates(
    app: IntakeEventStore, clock: None, case: dict[str, Any]
) -> None:
    beneficiary_id, other = uuid4(), uuid4()
    fields = {"sealed_personal": "c2VhbGVk+/=", "province_code": "LAR",
              "commune_code": "LAR-002", **case}  # fmt: skip
    aggregate = Beneficiary.enrol(beneficiary_id=beneficiary_id, **fields)
    aggregate.record_consent("social support", date(2026, 2, 1), case["actor"], None)
    aggregate.flag_possible_duplicate(other, case["actor"], LIKELY_DUPLICATE)
    expected = [app.mapper.to_stored_event(e) for e in aggregate.collect_events()]

    ours = [
        events.enrolled(timestamp=events.now(), **fields),
        events.consent_recorded(version=2, timestamp=events.now(), purpose="social support",
                                given_on=date(2026, 2, 1), actor=case["actor"]),
        events.duplicate_flagged(version=3, timestamp=events.now(), other_id=other,
                                 actor=case["actor"], reason=LIKELY_DUPLICATE),
    ]  # fmt: skip
    assert [(s.topic, s.originator_version, s.state) for s in expected] == ours


def test_stored_they_read_back_as_the_aggregate(app: IntakeEventStore) -> None:
    from eventsourcing.persistence import StoredEvent

    beneficiary_id, other = uuid4(), uuid4()
    fields = {"sealed_personal": "sealed", "province_code": "LAR", "commune_code": "LAR-002",
              **CASES[0]}  # fmt: skip
    ours = [
        events.enrolled(timestamp=events.now(), **fields),
        events.consent_recorded(version=2, timestamp=events.now(), purpose="p",
                                given_on=date(2026, 2, 1), actor="cw-lar"),
        events.duplicate_flagged(version=3, timestamp=events.now(), other_id=other,
                                 actor="cw-lar", reason=LIKELY_DUPLICATE),
    ]  # fmt: skip
    app.recorder.insert_events([StoredEvent(beneficiary_id, v, t, s) for t, v, s in ours])
    read: Beneficiary = app.repository.get(beneficiary_id)
    made = Beneficiary.enrol(beneficiary_id=beneficiary_id, **fields)
    made.record_consent("p", date(2026, 2, 1), "cw-lar", None)
    made.flag_possible_duplicate(other, "cw-lar", LIKELY_DUPLICATE)
    made.collect_events()
    moments = ("_created_on", "_modified_on")
    state = {k: v for k, v in vars(read).items() if k not in moments}
    assert state == {k: v for k, v in vars(made).items() if k not in moments}
    assert read.version == 3 and isinstance(read.id, UUID) and read.possible_duplicates


def test_an_unknown_province_is_refused_as_the_aggregate_refuses_it() -> None:
    with pytest.raises(BusinessRuleBroken):
        events.enrolled(timestamp=events.now(), sealed_personal="s", sex="F",
                        province_code="ZZZ", commune_code="ZZZ-1", categories=[],
                        actor="a", reason=None, traceparent=None)  # fmt: skip
    with pytest.raises(ValueError):
        events.enrolled(timestamp=events.now(), sealed_personal="s", sex="X",
                        province_code="LAR", commune_code="LAR-002", categories=[],
                        actor="a", reason=None, traceparent=None)  # fmt: skip


def test_new_ids_are_version_4_uuids_and_their_text_is_the_uuids_text() -> None:
    from services.intake.application.imports.preparing import new_id_and_key

    seen = set()
    for _ in range(2_000):
        id_bytes, id_text, key = new_id_and_key()
        as_uuid = UUID(bytes=id_bytes)
        assert as_uuid.version == 4 and as_uuid.variant == "specified in RFC 4122"
        assert id_text == str(as_uuid) and len(key) == 32
        seen.add(id_bytes)
    assert len(seen) == 2_000
