"""Orders and reconciliation exceptions over HTTP: a flood list paid through the simulated
provider is listed and shown with its history; exceptions are listed and resolved by an
approver (a caseworker may not: 403); unknown ids 404."""

from __future__ import annotations

import uuid
from pathlib import Path

from services.grants.application.disbursements import Disbursements
from services.grants.application.payment_provider import Statement, StatementLine
from services.grants.application.payment_provider import StatementStatus as Status
from services.grants.application.statements import Statements
from services.grants.persistence.disbursement_records import EventSourcedDisbursementRecords
from shared.auth import Role
from shared.money import Money
from tests.flood_payments import EXECUTION, approved_list, flood_programme, funded_envelope
from tests.platform import embedded_platform, token


async def test_orders_are_listed_shown_and_exceptions_resolved(tmp_path: Path) -> None:
    async with embedded_platform(tmp_path) as platform:
        state = platform.grants.http.state
        programme = flood_programme()
        the_list, decisions = approved_list(programme, [uuid.uuid4() for _ in range(3)])
        EventSourcedDisbursementRecords(state.grants).save(
            funded_envelope(programme, "SKC", decisions)
        )
        pay: Disbursements = state.disbursements
        pay.issue(decisions)
        pay.send_list(the_list, actor="grants")
        odd = StatementLine("NOT-OURS", Money.mad("6000"), Status.CONFIRMED, EXECUTION)
        statements: Statements = state.statements
        statements.apply(Statement("BANK-HTTP-1", (odd,)))

        reader = platform.client(platform.grants, token(Role.AUDITOR))
        caseworker = platform.client(platform.grants, token(Role.CASEWORKER))
        approver = platform.client(platform.grants, token(Role.APPROVER, subject="ap-9"))
        in_skc = platform.client(platform.grants, token(Role.CASEWORKER, provinces=("SKC",)))
        async with reader, caseworker, approver, in_skc:
            page = await reader.get("/orders", params={"province_code": "SKC", "limit": 2})
            assert page.status_code == 200, page.text
            assert (page.json()["total"], len(page.json()["items"])) == (3, 2)
            first = page.json()["items"][0]
            assert (first["status"], first["amount"], first["form"]) == (
                "in_progress",
                "6000.00",
                "cash",
            )
            shown = await reader.get(f"/orders/{first['order_id']}")
            assert shown.json()["instalments"][0]["status"] == "sent"
            history = await reader.get(f"/orders/{first['order_id']}/history")
            assert [h["what"] for h in history.json()["events"]] == [
                "Issued",
                "Sent (instalment 1)",
            ]
            assert history.json()["events"][1]["who"] == "grants"
            issued_at = history.json()["events"][0]["when"]
            then = await reader.get(f"/orders/{first['order_id']}", params={"as_of": issued_at})
            assert then.json()["instalments"][0]["status"] == "pending"  # not sent yet then
            assert (await reader.get(f"/orders/{uuid.uuid4()}")).status_code == 404

            listed = await reader.get("/reconciliation-exceptions", params={"status": "open"})
            [exception] = listed.json()["items"]
            assert exception["kind"] == "unknown_reference"
            url = f"/reconciliation-exceptions/{exception['exception_id']}/resolution"
            refused = await caseworker.post(url, json={"reason": "checked"})
            assert refused.status_code == 403
            resolved = await approver.post(url, json={"reason": "another agency's payment"})
            assert resolved.status_code == 200, resolved.text
            assert resolved.json()["status"] == "resolved"
            again = await approver.post(url, json={"reason": "twice"})
            assert again.status_code == 409
            url = f"/reconciliation-exceptions/{exception['exception_id']}"
            assert (await reader.get(url)).json()["status"] == "resolved"
            events = (await reader.get(f"{url}/history")).json()["events"]
            assert [(e["what"], e["who"]) for e in events] == [
                ("Raised", "grants"), ("Resolved", "ap-9"),
            ]  # fmt: skip
            before = await reader.get(url, params={"as_of": events[0]["when"]})
            assert before.json()["status"] == "open"
            # No province: an unknown reference is read only by those who read every province.
            assert (await in_skc.get(url)).status_code == 403
            assert (
                await reader.get(f"/reconciliation-exceptions/{uuid.uuid4()}")
            ).status_code == 404
