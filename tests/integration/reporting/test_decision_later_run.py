"""Decisions on SQLite and PostgreSQL when a step comes in a later run than the proposal
(the store gives the proposal's times back), and of a disaster's cycle (a long name)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from shared.contracts.grants_decisions import DecisionApprovedV1
from tests.integration.reporting.projected import Projected, event_at
from tests.unit.grants_events import programme, proposal

FLOODS = uuid.uuid4()
T0 = datetime(2026, 2, 12, 9, 0, tzinfo=UTC)


def test_a_step_in_a_later_run_counts_the_seconds_since_the_proposal(
    reporting: Projected,
) -> None:
    decision = uuid.uuid4()
    disaster = "floods-2026-02-north-west"
    flood = programme(FLOODS, "flood-relief-2026-02", disaster=disaster)
    reporting.receive("grants.programmes", event_at(flood, T0, origin="grants"))
    proposed = proposal(decision, FLOODS, "LAR", 600_000, cycle=disaster)
    reporting.receive("grants.decisions", event_at(proposed, T0, origin="grants"))
    approved = DecisionApprovedV1(decision_id=decision, actor="approver", reason=None)
    later = T0 + timedelta(seconds=90)
    reporting.receive("grants.decisions", event_at(approved, later, origin="grants"))

    [row] = reporting.rows("recent-decisions")
    assert (row["status"], row["amount"], row["seconds_to_last_step"]) == (
        "approved",
        "6000.00",
        90,
    )
    assert (row["proposed_at"], row["last_step_at"]) == (T0, later)
    steps = reporting.rows("decision-steps", programme="flood-relief-2026-02")
    assert {r["step"]: (r["steps"], r["longest_seconds"]) for r in steps} == {
        "proposed": (1, 0),
        "approved": (1, 90),
    }
    assert [r["status"] for r in reporting.rows("decisions", as_of=T0)] == ["proposed"]
