"""A payment list whose line's decision is cancelled after it was drawn up, over HTTP: the
approval names the stale lines (409 on `lines`); a caseworker takes the line out before the
first approval, an approver withdraws a list already frozen, and a new list takes the rest."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import UUID

from services.grants.domain.decision import Decision
from services.grants.domain.reference_programmes import EMERGENCY_AID, FLOODS_2026_02, LARACHE
from services.grants.persistence.event_store import GrantsEventStore
from shared.auth import Role
from tests.integration.grant_decisions.conftest import FLOODS, evacuated_households
from tests.platform import Platform, embedded_platform, token

BODY = {"programme_id": str(FLOODS), "cycle": FLOODS_2026_02, "province_code": LARACHE,
        "component": EMERGENCY_AID}  # fmt: skip


def cancel(platform: Platform, decision_id: str) -> None:
    """As grants does when intake erases the household's head."""
    store: GrantsEventStore = platform.grants.http.state.grants
    decision: Decision = store.repository.get(UUID(decision_id))
    decision.cancel(actor="grants", reason="the household's head: personal data erased")
    store.save(decision)


def line_ids(shown: dict[str, Any]) -> list[str]:
    return [line["decision_id"] for line in shown["lines"]]


async def test_a_stale_line_is_taken_out_or_its_frozen_list_withdrawn(tmp_path: Path) -> None:
    async with embedded_platform(tmp_path) as platform:
        grants = platform.grants
        admin = platform.client(grants, token(Role.ADMIN))
        cw = platform.client(grants, token(Role.CASEWORKER, provinces=(LARACHE,), subject="cw"))
        ap1 = platform.client(grants, token(Role.APPROVER, provinces=(LARACHE,), subject="a1"))
        ap2 = platform.client(grants, token(Role.APPROVER, provinces=(LARACHE,), subject="a2"))
        async with admin, cw, ap1, ap2:
            envelope = await admin.post("/envelopes", json={
                "programme_id": str(FLOODS), "cycle_id": FLOODS_2026_02,
                "province_code": LARACHE, "reason": "floods"})  # fmt: skip
            envelope_id = envelope.json()["envelope_id"]
            await admin.post(
                f"/envelopes/{envelope_id}/allocations",
                json={"amount": "60000.00", "reason": "emergency"},
            )
            evacuated_households(platform, 3)
            drawn = (await cw.post("/payment-lists", json=BODY)).json()
            path = f"/payment-lists/{drawn['payment_list_id']}"
            gone = line_ids(drawn)[0]
            cancel(platform, gone)
            refused = await ap1.post(f"{path}/approvals", json={"digest": drawn["digest"]})
            assert refused.status_code == 409, refused.text
            assert refused.json()["fields"][0]["field"] == "lines"
            removal = {"decision_id": gone, "reason": "head erased in intake"}
            assert (await ap1.post(f"{path}/removals", json=removal)).status_code == 403
            removed = await cw.post(f"{path}/removals", json=removal)
            assert removed.status_code == 200, removed.text
            shorter = removed.json()
            assert (shorter["count"], shorter["total"]) == (2, "12000.00")
            for approver in (ap1, ap2):
                done = await approver.post(f"{path}/approvals", json={"digest": shorter["digest"]})
                assert done.status_code == 200, done.text
            assert done.json()["approved"]

            # Frozen by its first approval when the cancellation comes: withdrawn, drawn again.
            evacuated_households(platform, 3)
            frozen = (await cw.post("/payment-lists", json=BODY)).json()
            fpath = f"/payment-lists/{frozen['payment_list_id']}"
            await ap1.post(f"{fpath}/approvals", json={"digest": frozen["digest"]})
            cancel(platform, line_ids(frozen)[1])
            stuck = await ap2.post(f"{fpath}/approvals", json={"digest": frozen["digest"]})
            assert (stuck.status_code, stuck.json()["fields"][0]["field"]) == (409, "lines")
            no_reason = await ap2.post(f"{fpath}/withdrawal", json={})
            assert (no_reason.status_code, no_reason.json()["fields"][0]["field"]) == (
                422, "reason",
            )  # fmt: skip
            withdrawn = await ap2.post(f"{fpath}/withdrawal", json={"reason": "a stale line"})
            assert (withdrawn.status_code, withdrawn.json()["withdrawn"]) == (200, True)
            redrawn = (await cw.post("/payment-lists", json=BODY)).json()
            assert sorted(line_ids(redrawn)) == sorted(
                d for n, d in enumerate(line_ids(frozen)) if n != 1
            )
            held = (await admin.get(f"/envelopes/{envelope_id}")).json()["envelope"]["held"]
            assert held == "12000.00"
            history = (await ap1.get(f"{fpath}/history")).json()["events"]
            assert [e["what"] for e in history][-1] == "Withdrawn"
