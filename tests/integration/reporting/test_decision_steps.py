"""Decisions' steps on SQLite and PostgreSQL: each step's time since the one before, when the
steps arrive in later chunks than the proposal (its row read back from the database)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from shared.contracts.grants_decisions import DecisionApprovedV1, DecisionProposedV1
from tests.integration.reporting.projected import Projected, event_at

T0 = datetime(2021, 4, 1, 8, 0, tzinfo=UTC)
TOPIC = "grants.decisions"


def test_steps_in_later_chunks_say_how_long_they_took(reporting: Projected) -> None:
    decision, programme = uuid.uuid4(), uuid.uuid4()
    proposal = DecisionProposedV1(
        decision_id=decision, programme_id=programme, cycle="2021", component="grant",
        subject_id=uuid.uuid4(), province_code="KHN", amount={"amount": "160000.00",
        "currency": "MAD"}, items=[], needs_authorisation=True, actor="caseworker", reason=None,
    )  # fmt: skip
    reporting.receive(TOPIC, event_at(proposal, T0, origin="grants"))
    approved = DecisionApprovedV1(decision_id=decision, actor="approver", reason=None)
    reporting.receive(TOPIC, event_at(approved, T0 + timedelta(hours=2), origin="grants"))

    [row] = reporting.rows("decisions")
    assert (row["status"], row["decisions"], row["amount"]) == (
        "awaiting_authorisation",
        1,
        "160000.00",
    )
    steps = {r["step"]: r for r in reporting.rows("decision-steps")}
    assert steps["approved"]["mean_seconds"] == 7200.0
    assert steps["proposed"]["steps"] == 1
    [recent] = reporting.rows("recent-decisions")
    assert recent["seconds_to_last_step"] == 7200
    assert reporting.rows("decisions", as_of=T0 + timedelta(hours=1))[0]["status"] == "proposed"
    assert reporting.rows("decisions", year="2021")[0]["decisions"] == 1
    assert reporting.rows("decisions", year="2020") == []
