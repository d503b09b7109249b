"""Flood relief payment lists over HTTP: drawn up with their count, total and digest, approved
as shown by two users other than the drafter, frozen, their lines approved and held on the
envelope; a list the envelope cannot cover is refused whole (409)."""

from __future__ import annotations

from pathlib import Path
from uuid import uuid4

from services.grants.domain.reference_programmes import EMERGENCY_AID, FLOODS_2026_02, LARACHE
from shared.auth import Role
from tests.integration.grant_decisions.conftest import FLOODS, evacuated_households
from tests.platform import embedded_platform, token


async def test_flood_relief_lists_are_approved_as_shown_by_two_users(tmp_path: Path) -> None:
    async with embedded_platform(tmp_path) as platform:
        grants = platform.grants
        admin = platform.client(grants, token(Role.ADMIN))
        cw = platform.client(grants, token(Role.CASEWORKER, Role.APPROVER, provinces=(LARACHE,),
                                            subject="cw-lar"))  # fmt: skip
        ap1 = platform.client(grants, token(Role.APPROVER, provinces=(LARACHE,), subject="a1"))
        ap2 = platform.client(grants, token(Role.APPROVER, provinces=(LARACHE,), subject="a2"))
        async with admin, cw, ap1, ap2:
            envelope = await admin.post(
                "/envelopes",
                json={"programme_id": str(FLOODS), "cycle_id": FLOODS_2026_02,
                      "province_code": LARACHE, "reason": "floods"},
            )  # fmt: skip
            envelope_id = envelope.json()["envelope_id"]
            await admin.post(
                f"/envelopes/{envelope_id}/allocations",
                json={"amount": "20000.00", "reason": "emergency"},
            )
            evacuated_households(platform, 3)
            body = {"programme_id": str(FLOODS), "cycle": FLOODS_2026_02,
                    "province_code": LARACHE, "component": EMERGENCY_AID}  # fmt: skip
            drawn = await cw.post("/payment-lists", json=body)
            assert drawn.status_code == 201, drawn.text
            shown = drawn.json()
            assert (shown["count"], shown["total"], shown["approved"]) == (3, "18000.00", False)
            path = f"/payment-lists/{shown['payment_list_id']}"
            own = await cw.post(f"{path}/approvals", json={"digest": shown["digest"]})
            assert own.status_code == 403
            stale = await ap1.post(f"{path}/approvals", json={"digest": "0" * 64})
            assert (stale.status_code, stale.json()["fields"][0]["field"]) == (422, "digest")
            once = await ap1.post(f"{path}/approvals", json={"digest": shown["digest"]})
            assert (once.json()["frozen"], once.json()["approved"]) == (True, False)
            twice = await ap1.post(f"{path}/approvals", json={"digest": shown["digest"]})
            assert twice.status_code == 403
            done = await ap2.post(f"{path}/approvals", json={"digest": shown["digest"]})
            assert done.status_code == 200, done.text
            assert done.json()["approvers"] == ["a1", "a2"]
            statement = (await admin.get(f"/envelopes/{envelope_id}")).json()
            assert statement["envelope"]["held"] == "18000.00"
            decisions = (await ap1.get("/decisions", params={"status": "approved"})).json()
            assert {d["payment_list_id"] for d in decisions["items"]} == {shown["payment_list_id"]}
            history = (await ap1.get(f"{path}/history")).json()["events"]
            assert [e["what"] for e in history] == ["DrawnUp", "LinesAdded", "Approved", "Approved"]

            # The next list: 2 households, 12,000.00, while 2,000.00 is left.
            evacuated_households(platform, 2)
            nxt = (await cw.post("/payment-lists", json=body)).json()
            assert (nxt["number"], nxt["count"], nxt["total"]) == (2, 2, "12000.00")
            npath = f"/payment-lists/{nxt['payment_list_id']}"
            await ap1.post(f"{npath}/approvals", json={"digest": nxt["digest"]})
            refused = await ap2.post(f"{npath}/approvals", json={"digest": nxt["digest"]})
            assert (refused.status_code, refused.json()["error"]) == (409, "conflict")
            statement = (await admin.get(f"/envelopes/{envelope_id}")).json()
            assert statement["envelope"]["held"] == "18000.00"
            assert (await ap1.get(npath)).json()["approvers"] == ["a1"]
            listed = await ap1.get("/payment-lists", params={"province": LARACHE})
            assert listed.json()["total"] == 2
            unknown = await cw.post("/payment-lists", json={**body, "programme_id": str(uuid4())})
            assert (unknown.status_code, unknown.json()["fields"][0]["field"]) == (
                422, "programme_id",
            )  # fmt: skip
            nowhere = await cw.post("/payment-lists", json={**body, "province_code": "ZZZ"})
            assert (nowhere.status_code, nowhere.json()["fields"][0]["field"]) == (
                422, "province_code",
            )  # fmt: skip
            elsewhere = await cw.post("/payment-lists", json={**body, "province_code": "KHN"})
            assert elsewhere.status_code == 403
