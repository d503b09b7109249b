"""The Khenifra 2021 grants through the real flow over HTTP: three associations apply, approvers
approve (and authorise above the threshold), and the envelopes hold 3,000,000.00 + 160,000.00
+ 1,468,411.00 MAD. On SQLite (embedded) and on PostgreSQL with Kafka."""

from __future__ import annotations

from decimal import Decimal

from services.grants.domain.reference_programmes import (
    DISABILITY_ASSOCIATIONS,
    SOCIAL_CARE_INSTITUTIONS,
)
from shared.auth import Role
from tests.integration.grant_decisions.conftest import (
    khenifra_organisations,
    open_budget,
    programme_ids,
)
from tests.platform import Platform, token


def approver(user: str) -> str:
    return token(Role.APPROVER, provinces=("KHN",), subject=user)


async def test_khenifra_2021_grants_are_approved_and_held(platform: Platform) -> None:
    org = await khenifra_organisations(platform)
    grants = platform.grants
    # The caseworker is also an approver of Khenifra: approving their own proposal is refused.
    cw = token(Role.CASEWORKER, Role.APPROVER, provinces=("KHN",), subject="cw-khn")
    admin = platform.client(grants, token(Role.ADMIN, subject="admin-1"))
    caseworker = platform.client(grants, cw)
    first, second = (
        platform.client(grants, approver("ap-1")),
        platform.client(grants, approver("ap-2")),
    )
    auditor = platform.client(grants, token(Role.AUDITOR, provinces=("CAS",)))
    outsider = platform.client(grants, token(Role.CASEWORKER, provinces=("LAR",)))
    async with admin, caseworker, first, second, auditor, outsider:
        ids = await programme_ids(admin)
        care, disability = ids[SOCIAL_CARE_INSTITUTIONS], ids[DISABILITY_ASSOCIATIONS]
        care_envelope = await open_budget(admin, care, "2021", "KHN", "3160000.00")
        disability_envelope = await open_budget(admin, disability, "2021", "KHN", "1468411.00")

        requests = [
            (SOCIAL_CARE_INSTITUTIONS, org.care_association, org.care_institution, "3000000.00"),
            (SOCIAL_CARE_INSTITUTIONS, org.proximity_association, org.proximity_centre,
             "160000.00"),
            (DISABILITY_ASSOCIATIONS, org.disability_association, None, "1468411.00"),
        ]  # fmt: skip
        decisions = []
        for code, association, institution, amount in requests:
            filed = await caseworker.post(
                "/applications",
                json={"programme": code, "fiscal_year": 2021,
                      "association_id": str(association),
                      "institution_id": None if institution is None else str(institution),
                      "requested_amount": amount, "purpose": "running costs 2021"},
            )  # fmt: skip
            assert filed.status_code == 201, filed.text
            assert filed.json()["decision"]["amount"] == amount
            decisions.append(filed.json()["decision"])
        again = await caseworker.post(
            "/applications",
            json={"programme": SOCIAL_CARE_INSTITUTIONS, "fiscal_year": 2021,
                  "association_id": str(org.care_association),
                  "institution_id": str(org.care_institution),
                  "requested_amount": "1.00", "purpose": "twice"},
        )  # fmt: skip
        assert again.status_code == 409, again.text

        own = await caseworker.post(f"/decisions/{decisions[0]['decision_id']}/approve", json={})
        assert (own.status_code, own.json()["error"]) == (403, "forbidden")
        for decision in decisions:
            path = f"/decisions/{decision['decision_id']}"
            approved = await first.post(f"{path}/approve", json={"reason": "file complete"})
            assert approved.status_code == 200, approved.text
            if decision["needs_second_approval"]:
                assert approved.json()["status"] == "awaiting_authorisation"
                same = await first.post(f"{path}/authorise", json={})
                assert same.status_code == 403
                approved = await second.post(f"{path}/authorise", json={"reason": "authorised"})
                assert approved.status_code == 200, approved.text
            assert approved.json()["status"] == "approved"
        assert [d["needs_second_approval"] for d in decisions] == [True, False, True]

        held = []
        for envelope_id in (care_envelope, disability_envelope):
            shown = (await auditor.get(f"/envelopes/{envelope_id}")).json()
            held.append(Decimal(shown["envelope"]["held"]))
            assert shown["envelope"]["available"] == "0.00"
        assert held == [Decimal("3160000.00"), Decimal("1468411.00")]
        assert sum(held) == Decimal("4628411.00")

        listed = await auditor.get("/decisions", params={"province": "KHN", "status": "approved"})
        assert listed.status_code == 200, listed.text
        amounts = sorted(Decimal(d["amount"]) for d in listed.json()["items"])
        assert amounts == [Decimal("160000.00"), Decimal("1468411.00"), Decimal("3000000.00")]
        page = await auditor.get("/decisions", params={"limit": 2, "offset": 2})
        assert (page.json()["total"], len(page.json()["items"])) == (3, 1)
        assert (await outsider.get("/decisions", params={"province": "KHN"})).status_code == 403
        assert (await outsider.get(f"/decisions/{decisions[0]['decision_id']}")).status_code == 403

        history = await auditor.get(f"/decisions/{decisions[0]['decision_id']}/history")
        events = history.json()["events"]
        assert [(e["what"], e["who"]) for e in events] == [
            ("Proposed", "cw-khn"), ("Approved", "ap-1"), ("Approved", "ap-2"),
        ]  # fmt: skip
        as_proposed = await auditor.get(
            f"/decisions/{decisions[0]['decision_id']}", params={"as_of": events[0]["when"]}
        )
        assert as_proposed.json()["status"] == "proposed"
        applications = await auditor.get("/applications", params={"fiscal_year": "2021"})
        assert applications.json()["total"] == 3
