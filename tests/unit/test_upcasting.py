"""A v1 `Beneficiary.Enrolled` still in the store reads as v2 (one category became a list)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from uuid import uuid4

from eventsourcing.persistence import StoredEvent

from services.intake.domain.beneficiary import Beneficiary, category_entry
from services.intake.domain.reference import Category
from services.intake.persistence.event_store import IntakeEventStore
from shared.eventstore import eventstore_env


def test_a_v1_stored_event_is_upcast_when_read(tmp_path: Path) -> None:
    app = IntakeEventStore(
        env={**eventstore_env(f"sqlite:///{tmp_path}/intake.sqlite"), "LOOKUP_SECRET": "s"}
    )
    current = Beneficiary.enrol(
        beneficiary_id=uuid4(), sealed_personal="sealed", sex="M", province_code="KEN",
        commune_code="KEN-001", actor="cw", reason=None, traceparent=None,
        categories=[category_entry(Category.DISABILITY, evidence="certificate",
                                   since=date(2019, 5, 1), disability_type="motor",
                                   severity="severe")],
    )  # fmt: skip
    [event] = current.collect_events()
    stored = app.mapper.to_stored_event(event)
    state = json.loads(stored.state)
    assert state.pop("class_version") == 2
    state["category"] = state.pop("categories")[0]["category"]  # what v1 wrote
    app.recorder.insert_events(
        [StoredEvent(stored.originator_id, 1, stored.topic, json.dumps(state).encode())]
    )

    read: Beneficiary = app.repository.get(event.originator_id)
    assert read.categories[0]["category"] == "disability"
    assert read.categories[0]["evidence"] == "recorded before v2"
    app.close()
