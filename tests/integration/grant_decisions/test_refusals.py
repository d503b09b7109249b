"""What grants refuses over HTTP, as JSON naming the field: amounts as floats or with more
than two decimals, unknown programmes, components and organisations, requests above the
ceiling; admins alone change programmes; a rejection is appealed once."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from services.grants.domain.reference_programmes import SOCIAL_CARE_INSTITUTIONS
from shared.auth import Role
from tests.integration.grant_decisions.conftest import (
    khenifra_organisations,
    open_budget,
    programme_ids,
)
from tests.platform import embedded_platform, token


async def test_applications_name_the_field_they_refuse(tmp_path: Path) -> None:
    async with embedded_platform(tmp_path) as platform:
        org = await khenifra_organisations(platform)
        admin = platform.client(platform.grants, token(Role.ADMIN))
        cw = platform.client(
            platform.grants, token(Role.CASEWORKER, provinces=("KHN",), subject="cw")
        )
        async with admin, cw:
            care = (await programme_ids(admin))[SOCIAL_CARE_INSTITUTIONS]
            await open_budget(admin, care, "2021", "KHN", "100.00")
            good: dict[str, Any] = {
                "programme": SOCIAL_CARE_INSTITUTIONS, "fiscal_year": 2021,
                "association_id": str(org.care_association),
                "institution_id": str(org.care_institution),
                "requested_amount": "160000.00", "purpose": "running costs",
            }  # fmt: skip
            refusals: list[tuple[dict[str, Any], str]] = [
                ({"requested_amount": 160000.0}, "requested_amount"),
                ({"requested_amount": "1.005"}, "requested_amount"),
                ({"requested_amount": "-5"}, "requested_amount"),
                ({"requested_amount": "3000000.01"}, "amount"),
                ({"programme": "no-such-programme"}, "programme"),
                ({"component": "no_such_component"}, "component"),
                ({"association_id": str(uuid.uuid4())}, "association_id"),
                ({"institution_id": str(uuid.uuid4())}, "institution_id"),
                ({"institution_id": str(org.proximity_centre)}, "institution_id"),
                ({"fiscal_year": 2022}, "cycle"),
            ]
            for change, field in refusals:
                refused = await cw.post("/applications", json={**good, **change})
                assert refused.status_code == 422, (change, refused.text)
                assert refused.json()["fields"][0]["field"] == field, change
            filed = await cw.post("/applications", json=good)
            assert filed.status_code == 201, filed.text
            approve = await admin.post(
                f"/decisions/{filed.json()['decision']['decision_id']}/approve", json={}
            )
            assert approve.status_code == 403  # admins set programmes; approvers approve


async def test_admins_alone_open_cycles_and_change_ceilings(tmp_path: Path) -> None:
    async with embedded_platform(tmp_path) as platform:
        admin = platform.client(platform.grants, token(Role.ADMIN, subject="admin-1"))
        approver = platform.client(platform.grants, token(Role.APPROVER))
        async with admin, approver:
            care = (await programme_ids(admin))[SOCIAL_CARE_INSTITUTIONS]
            opened = await admin.post(
                f"/programmes/{care}/cycles", json={"cycle": "2021", "reason": "budget"}
            )
            assert (opened.status_code, opened.json()["open_cycles"]) == (201, ["2021"])
            twice = await admin.post(
                f"/programmes/{care}/cycles", json={"cycle": "2021", "reason": "again"}
            )
            assert twice.status_code == 409
            malformed = await admin.post(
                f"/programmes/{care}/cycles", json={"cycle": "FY21", "reason": "x"}
            )
            assert (malformed.status_code, malformed.json()["fields"][0]["field"]) == (422, "cycle")
            changed = await admin.put(
                f"/programmes/{care}/ceiling", json={"ceiling": "3500000.00", "reason": "law"}
            )
            assert changed.json()["ceiling"] == "3500000.00"
            float_ceiling = await admin.put(
                f"/programmes/{care}/ceiling", json={"ceiling": 1.5, "reason": "law"}
            )
            assert float_ceiling.json()["fields"][0]["field"] == "ceiling"
            threshold = await admin.put(
                f"/programmes/{care}/second-approval-threshold",
                json={"second_approval_above": None, "reason": "no second approval"},
            )
            assert threshold.json()["second_approval_above"] is None
            assert (
                await approver.put(
                    f"/programmes/{care}/ceiling", json={"ceiling": "1.00", "reason": "x"}
                )
            ).status_code == 403
            history = (await approver.get(f"/programmes/{care}/history")).json()["events"]
            assert [e["what"] for e in history] == [
                "Created", "CycleOpened", "CeilingChanged", "SecondApprovalThresholdChanged",
            ]  # fmt: skip
            before = await approver.get(f"/programmes/{care}", params={"as_of": history[0]["when"]})
            assert (before.json()["ceiling"], before.json()["open_cycles"]) == ("3000000.00", [])
            missing = await approver.get(f"/programmes/{uuid.uuid4()}")
            assert (missing.status_code, missing.json()["error"]) == (404, "not_found")


async def test_a_rejection_is_appealed_once_and_decided_by_another_approver(
    tmp_path: Path,
) -> None:
    async with embedded_platform(tmp_path) as platform:
        org = await khenifra_organisations(platform)
        admin = platform.client(platform.grants, token(Role.ADMIN))
        cw = platform.client(platform.grants, token(Role.CASEWORKER, provinces=("KHN",)))
        ap1 = platform.client(platform.grants, token(Role.APPROVER, subject="ap-1"))
        ap2 = platform.client(platform.grants, token(Role.APPROVER, subject="ap-2"))
        async with admin, cw, ap1, ap2:
            care = (await programme_ids(admin))[SOCIAL_CARE_INSTITUTIONS]
            envelope = await open_budget(admin, care, "2021", "KHN", "100000.00")
            filed = await cw.post(
                "/applications",
                json={"programme": SOCIAL_CARE_INSTITUTIONS, "fiscal_year": 2021,
                      "association_id": str(org.proximity_association),
                      "institution_id": str(org.proximity_centre),
                      "requested_amount": "160000.00", "purpose": "running costs"},
            )  # fmt: skip
            path = f"/decisions/{filed.json()['decision']['decision_id']}"
            no_reason = await ap1.post(f"{path}/reject", json={})
            assert (no_reason.status_code, no_reason.json()["fields"][0]["field"]) == (
                422, "reason",
            )  # fmt: skip
            assert (await ap1.post(f"{path}/reject", json={"reason": "late"})).status_code == 200
            appealed = await cw.post(f"{path}/appeal", json={"reason": "it was on time"})
            assert appealed.json()["status"] == "appealed"
            by_rejecter = await ap1.post(
                f"{path}/appeal-decision", json={"uphold": True, "reason": "ok"}
            )
            assert by_rejecter.status_code == 403
            too_big = await ap2.post(
                f"{path}/appeal-decision", json={"uphold": True, "reason": "ok"}
            )
            assert (too_big.status_code, too_big.json()["error"]) == (409, "conflict")
            shown = (await ap2.get(path)).json()
            assert shown["status"] == "appealed"
            statement = (await admin.get(f"/envelopes/{envelope}")).json()
            assert statement["envelope"]["held"] == "0.00"
            dismissed = await ap2.post(
                f"{path}/appeal-decision", json={"uphold": False, "reason": "no budget"}
            )
            assert dismissed.json()["status"] == "appeal_dismissed"
            again = await cw.post(f"{path}/appeal", json={"reason": "once more"})
            assert (again.status_code, again.json()["error"]) == (409, "conflict")
