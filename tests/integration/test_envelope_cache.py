"""An envelope read through grants' cache sees what another replica stored since, on SQLite
and PostgreSQL, and a change to a copy read out of it spoils nothing."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.grants.domain.envelope import Envelope
from services.grants.persistence.disbursement_records import EventSourcedDisbursementRecords
from services.grants.persistence.event_store import grants_event_store
from shared.money import Money
from tests.infra import postgres_database, require_infra

PROGRAMME = uuid.UUID("00000000-0000-4000-8000-000000000009")


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'grants.db'}"
        return
    require_infra()
    with postgres_database("bulk") as pg:
        yield pg


def opened(province: str) -> Envelope:
    envelope = Envelope.open(
        programme_id=PROGRAMME, cycle_id="2026", province_code=province, actor="a", reason="r"
    )
    envelope.allocate(amount=Money.mad("100"), actor="a", reason="r")
    return envelope


def test_a_cached_envelope_is_fast_forwarded_by_another_replicas_writes(url: str) -> None:
    mine, theirs = grants_event_store(url), grants_event_store(url)
    try:
        envelope = opened("LAR")
        mine.save(envelope)
        records = EventSourcedDisbursementRecords(mine)
        first = records.envelope(envelope.id)
        assert first is not None and first.allocated == Money.mad("100")
        first.allocate(amount=Money.mad("1"), actor="a", reason="never saved")  # spoils nothing
        other: Envelope = theirs.repository.get(envelope.id)
        other.allocate(amount=Money.mad("50"), actor="replica-2", reason="more")
        theirs.save(other)
        again = records.envelope(envelope.id)
        assert again is not None
        assert (again.allocated, again.version) == (Money.mad("150"), 3)
    finally:
        mine.close()
        theirs.close()
