"""Paying a flood relief list over HTTP: an approved list's orders issued, sent as one batch,
the provider's statements received until every order is confirmed (a returned payment retried)
and the envelope shows the list's total disbursed. Every step asked again answers what is done
(the same orders, no second batch, statements only acknowledged); a caseworker, an approver of
another province, an unknown list or order, a list not approved or not issued are refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx

from services.grants.application.payment_provider import Statement, StatementLine, StatementStatus
from services.grants.domain.reference_programmes import EMERGENCY_AID, FLOODS_2026_02, LARACHE
from shared.auth import Role
from shared.money import Money
from tests.flood_payments import EXECUTION
from tests.integration.grant_decisions.conftest import FLOODS, evacuated_households, open_budget
from tests.platform import Platform, embedded_platform, token

HOUSEHOLDS = 4
LIST = {"programme_id": str(FLOODS), "cycle": FLOODS_2026_02, "province_code": LARACHE,
        "component": EMERGENCY_AID}  # fmt: skip


async def _drawn_up(platform: Platform, caseworker: httpx.AsyncClient) -> dict[str, Any]:
    evacuated_households(platform, HOUSEHOLDS)
    drawn = await caseworker.post("/payment-lists", json=LIST)
    assert drawn.status_code == 201, drawn.text
    shown: dict[str, Any] = drawn.json()
    return shown


async def _approved(shown: dict[str, Any], *approvers: httpx.AsyncClient) -> None:
    for approver in approvers:
        path = f"/payment-lists/{shown['payment_list_id']}/approvals"
        approved = await approver.post(path, json={"digest": shown["digest"]})
        assert approved.status_code == 200, approved.text


async def _paid(approver: httpx.AsyncClient, admin: httpx.AsyncClient, path: str) -> list[Any]:
    """Statements received (failed payments retried) until every order is confirmed."""
    for _ in range(12):
        receipt = await admin.post("/statements/receipt")
        assert receipt.status_code == 200, receipt.text
        orders = (await approver.post(f"{path}/orders")).json()["orders"]
        for order in orders:
            if order["instalments"][0]["status"] == "failed":
                retried = await approver.post(f"/orders/{order['order_id']}/retry", json={})
                assert retried.status_code == 200, retried.text
                assert retried.json()["order"]["instalments"][0]["attempts"] == 2
        if all(o["status"] == "paid" for o in orders):
            return list(orders)
    raise AssertionError(f"orders not confirmed: {orders}")


async def test_an_approved_list_is_paid_through_the_routes(tmp_path: Path) -> None:
    async with embedded_platform(tmp_path) as platform:
        grants = platform.grants
        admin = platform.client(grants, token(Role.ADMIN, subject="admin-1"))
        caseworker = platform.client(
            grants, token(Role.CASEWORKER, provinces=(LARACHE,), subject="cw-lar")
        )
        ap1 = platform.client(grants, token(Role.APPROVER, provinces=(LARACHE,), subject="a1"))
        ap2 = platform.client(grants, token(Role.APPROVER, provinces=(LARACHE,), subject="a2"))
        async with admin, caseworker, ap1, ap2:
            envelope = await open_budget(admin, str(FLOODS), FLOODS_2026_02, LARACHE, "24000.00")
            shown = await _drawn_up(platform, caseworker)
            path = f"/payment-lists/{shown['payment_list_id']}"
            early = await ap1.post(f"{path}/orders")
            assert (early.status_code, early.json()["error"]) == (409, "conflict")
            await _approved(shown, ap1, ap2)
            unsent = await ap1.post(f"{path}/sending")
            assert (unsent.status_code, unsent.json()["error"]) == (409, "conflict")

            issued = await ap1.post(f"{path}/orders")
            assert issued.status_code == 201, issued.text
            first = issued.json()
            assert (first["issued"], first["already_issued"]) == (HOUSEHOLDS, 0)
            again = await admin.post(f"{path}/orders")
            assert again.status_code == 200, again.text
            assert (again.json()["issued"], again.json()["already_issued"]) == (0, HOUSEHOLDS)
            ids = [o["order_id"] for o in first["orders"]]
            assert [o["order_id"] for o in again.json()["orders"]] == ids
            assert {o["amount"] for o in first["orders"]} == {"6000.00"}

            sent = await ap1.post(f"{path}/sending")
            assert sent.status_code == 200, sent.text
            [batch] = sent.json()["batches"]
            assert (batch["transactions"], batch["control_sum"]) == (HOUSEHOLDS, "24000.00")
            assert sent.json()["marked_sent"] == HOUSEHOLDS
            resent = await ap2.post(f"{path}/sending")
            assert resent.status_code == 200, resent.text
            assert (resent.json()["batches"], resent.json()["marked_sent"]) == ([], 0)
            submitted = grants.http.state.disbursements.provider.sent_files
            assert len(submitted) == 1

            # The bank returns one payment before the simulated provider answers (account closed).
            failing = (await ap1.get(f"/orders/{ids[0]}")).json()["instalments"][0]
            returned = StatementLine(
                failing["provider_reference"],
                Money.mad("6000"),
                StatementStatus.FAILED,
                EXECUTION,
                "AC04",
                "Compte clos",
            )
            grants.http.state.statements.apply(Statement("BANK-RETURN-1", (returned,)))
            kenitra = platform.client(grants, token(Role.APPROVER, provinces=("KEN",)))
            async with kenitra:
                other = await kenitra.post(f"/orders/{ids[0]}/retry", json={"reason": "no"})
            assert (other.status_code, other.json()["error"]) == (403, "forbidden")
            retried = await ap1.post(f"/orders/{ids[0]}/retry", json={"reason": "new account"})
            assert retried.status_code == 200, retried.text
            assert retried.json()["order"]["instalments"][0]["attempts"] == 2
            assert [b["transactions"] for b in retried.json()["batches"]] == [1]
            orders = await _paid(ap1, admin, path)
            assert sorted(o["order_id"] for o in orders) == sorted(ids)
            paid = (await admin.get(f"/envelopes/{envelope}")).json()["envelope"]
            assert (paid["disbursed"], paid["held"]) == ("24000.00", "0.00")
            quiet = (await admin.post("/statements/receipt")).json()
            assert (quiet["applied"], quiet["confirmed"]) == (0, 0)
            done = await ap1.post(f"/orders/{ids[0]}/retry", json={"reason": "once more"})
            assert (done.status_code, done.json()["error"]) == (409, "conflict")


async def test_paying_is_refused_to_others_and_for_unknown_records(tmp_path: Path) -> None:
    async with embedded_platform(tmp_path) as platform:
        grants = platform.grants
        admin = platform.client(grants, token(Role.ADMIN))
        caseworker = platform.client(
            grants, token(Role.CASEWORKER, Role.AUDITOR, provinces=(LARACHE,), subject="cw-lar")
        )
        elsewhere = platform.client(grants, token(Role.APPROVER, provinces=("KEN",)))
        approver = platform.client(grants, token(Role.APPROVER, provinces=(LARACHE,)))
        async with admin, caseworker, elsewhere, approver:
            await open_budget(admin, str(FLOODS), FLOODS_2026_02, LARACHE, "24000.00")
            shown = await _drawn_up(platform, caseworker)
            path = f"/payment-lists/{shown['payment_list_id']}"
            for step in ("orders", "sending"):
                for who in (caseworker, elsewhere):
                    refused = await who.post(f"{path}/{step}")
                    assert (refused.status_code, refused.json()["error"]) == (403, "forbidden")
                missing = await approver.post(f"/payment-lists/{uuid4()}/{step}")
                assert (missing.status_code, missing.json()["error"]) == (404, "not_found")
                waiting = await approver.post(f"{path}/{step}")
                assert waiting.status_code == 409, waiting.text
            for who in (caseworker, approver):
                assert (await who.post("/statements/receipt")).status_code == 403
            assert (await caseworker.post(f"/orders/{uuid4()}/retry")).status_code == 403
            unknown = await approver.post(f"/orders/{uuid4()}/retry", json={"reason": "x"})
            assert (unknown.status_code, unknown.json()["error"]) == (404, "not_found")
            blank = await approver.post(f"/orders/{uuid4()}/retry", json={"reason": ""})
            assert blank.status_code == 422
