"""Budget envelopes over HTTP: admins open, credit and transfer; auditors read an envelope with
its movements; money is a decimal string; 422 names the field, 409 when the state refuses."""

from __future__ import annotations

import uuid
from pathlib import Path

from services.grants.application import EnvelopeLedger
from shared.auth import Role
from shared.money import Money
from tests.platform import embedded_platform, token

PROGRAMME = str(uuid.uuid4())


async def test_admins_credit_envelopes_and_auditors_read_their_movements(tmp_path: Path) -> None:
    async with embedded_platform(tmp_path) as platform:
        admin = platform.client(platform.grants, token(Role.ADMIN, subject="admin-1"))
        auditor = platform.client(platform.grants, token(Role.AUDITOR))
        caseworker = platform.client(platform.grants, token(Role.CASEWORKER))
        async with admin, auditor, caseworker:
            opened = await admin.post(
                "/envelopes",
                json={"programme_id": PROGRAMME, "cycle_id": "FY2021", "province_code": "KHN",
                      "reason": "2021 budget"},
            )  # fmt: skip
            assert opened.status_code == 201, opened.text
            khenifra = opened.json()["envelope_id"]
            again = await admin.post(
                "/envelopes",
                json={"programme_id": PROGRAMME, "cycle_id": "FY2021", "province_code": "KHN",
                      "reason": "twice"},
            )  # fmt: skip
            assert (again.status_code, again.json()["error"]) == (409, "conflict")
            other = await admin.post(
                "/envelopes",
                json={"programme_id": PROGRAMME, "cycle_id": "FY2021", "province_code": "LAR",
                      "reason": "floods"},
            )  # fmt: skip
            larache = other.json()["envelope_id"]

            credited = await admin.post(
                f"/envelopes/{khenifra}/allocations",
                json={"amount": "4628411.00", "reason": "board approved 18 December"},
            )
            assert credited.status_code == 200, credited.text
            assert credited.json()["available"] == "4628411.00"

            moved = await admin.post(
                f"/envelopes/{khenifra}/transfers",
                json={"to_envelope_id": larache, "amount": "160000.00", "reason": "floods"},
            )
            assert moved.status_code == 200, moved.text
            assert moved.json()["from_envelope"]["available"] == "4468411.00"
            assert moved.json()["to_envelope"]["transferred_in"] == "160000.00"

            too_much = await admin.post(
                f"/envelopes/{larache}/transfers",
                json={"to_envelope_id": khenifra, "amount": "160000.01", "reason": "back"},
            )
            assert too_much.status_code == 409
            assert too_much.json()["fields"][0]["field"] == "amount"

            for bad in (0.1, "1.005", "-5", "1e3"):
                refused = await admin.post(
                    f"/envelopes/{khenifra}/allocations", json={"amount": bad, "reason": "x"}
                )
                assert refused.status_code == 422, bad
                assert refused.json()["fields"][0]["field"] == "amount"
            zero = await admin.post(
                f"/envelopes/{khenifra}/allocations", json={"amount": "0.00", "reason": "x"}
            )
            assert (zero.status_code, zero.json()["fields"][0]["field"]) == (422, "amount")
            nowhere = await admin.post(
                f"/envelopes/{khenifra}/transfers",
                json={"to_envelope_id": str(uuid.uuid4()), "amount": "1.00", "reason": "x"},
            )
            assert (nowhere.status_code, nowhere.json()["fields"][0]["field"]) == (
                422, "to_envelope_id",
            )  # fmt: skip
            missing = await auditor.get(f"/envelopes/{uuid.uuid4()}")
            assert missing.status_code == 404

            forbidden = await caseworker.post(
                f"/envelopes/{khenifra}/allocations", json={"amount": "1.00", "reason": "x"}
            )
            assert forbidden.status_code == 403
            assert (await caseworker.get(f"/envelopes/{khenifra}")).status_code == 403

            # A decision's hold (no route yet) shows among the movements.
            ledger: EnvelopeLedger = platform.grants.http.state.envelopes
            ledger.place_hold(
                uuid.UUID(khenifra), hold_id=uuid.uuid4(), amount=Money.mad("3000000.00"),
                actor="approver-2", reason="decision 1",
            )  # fmt: skip
            first = (await auditor.get(f"/envelopes/{khenifra}", params={"limit": 2})).json()
            assert [m["kind"] for m in first["movements"]] == ["opened", "allocated"]
            assert first["movements"][0]["actor"] == "admin-1"
            assert first["envelope"]["held"] == "3000000.00"
            assert first["envelope"]["available"] == "1468411.00"
            rest = await auditor.get(
                f"/envelopes/{khenifra}", params={"after": first["next_after"]}
            )
            lines = rest.json()["movements"]
            assert [(m["kind"], m["amount"]) for m in lines] == [
                ("transferred_out", "160000.00"), ("hold_placed", "3000000.00"),
            ]  # fmt: skip
            assert lines[0]["counterpart_id"] == larache
            assert rest.json()["next_after"] is None

            # Listed with filters and paging; read as it stood before the hold.
            listed = await auditor.get("/envelopes", params={"province": "KHN"})
            assert [e["envelope_id"] for e in listed.json()["items"]] == [khenifra]
            every = (await auditor.get("/envelopes", params={"limit": 1, "offset": 1})).json()
            assert (every["total"], [e["envelope_id"] for e in every["items"]]) == (2, [larache])
            assert (await caseworker.get("/envelopes")).status_code == 403
            hold_at = lines[1]["at"]
            before = await auditor.get(f"/envelopes/{khenifra}", params={"as_of": lines[0]["at"]})
            assert before.status_code == 200, before.text
            then = before.json()
            assert (then["envelope"]["held"], then["envelope"]["available"]) == (
                "0.00", "4468411.00",
            )  # fmt: skip
            assert "hold_placed" not in [m["kind"] for m in then["movements"]]
            assert hold_at > lines[0]["at"]
            not_yet = await auditor.get(
                f"/envelopes/{khenifra}", params={"as_of": "2020-01-01T00:00:00+00:00"}
            )
            assert not_yet.status_code == 404
            naive = await auditor.get(f"/envelopes/{khenifra}", params={"as_of": "2026-01-01"})
            assert (naive.status_code, naive.json()["fields"][0]["field"]) == (422, "query.as_of")
