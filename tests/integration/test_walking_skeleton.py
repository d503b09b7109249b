"""The skeleton flow through all three services, over HTTP, on both transports: intake enrols
a person with a disability, grants proposes their technical aids, reporting counts both."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from services.grants.domain.programme import Programme
from services.grants.domain.reference_programmes import DISABILITY_TECHNICAL_AIDS
from shared.auth import Role
from shared.messaging.records import Record
from tests.platform import Platform, eventually, token

FATIMA = {
    "name_ar": "فاطمة الزهراء بنعلي",
    "name_lat": "Fatima Zahra Benali",
    "cin": "BK123456",
    "birth_date": "1958-03-14",
    "sex": "F",
    "phone": "0612345678",
    "address": "12 derb Sidi Bouzekri",
    "province_code": "KHN",
    "commune_code": "KHN-001",
    "categories": [
        {"category": "elderly_without_support", "evidence": "social survey", "since": "2025-01-01"}
    ],
}


# A person with a disability: once the technical aids' cycle of the enrolment's year is open,
# grants proposes one decision per aid (wheelchair, white cane, hearing aid).
DISABLED = {
    **FATIMA,
    "categories": [
        {
            "category": "disability",
            "disability_type": "motor",
            "severity": "severe",
            "evidence": "medical certificate",
            "since": "2019-05-01",
        }
    ],
}
TECHNICAL_AIDS = Programme.create_id(DISABILITY_TECHNICAL_AIDS)
AIDS_PER_PERSON = 3


async def open_technical_aids_cycle(platform: Platform, year: int | None = None) -> None:
    """An admin opens the cycle an enrolment made now falls in (its event's UTC date)."""
    cycle = str(year or datetime.now(UTC).year)
    async with platform.client(platform.grants, token(Role.ADMIN)) as grants:
        response = await grants.post(
            f"/programmes/{TECHNICAL_AIDS}/cycles", json={"cycle": cycle, "reason": "budget"}
        )
        assert response.status_code == 201, response.text


async def counts(platform: Platform) -> dict[str, Any]:
    async with platform.client(platform.reporting, token(Role.AUDITOR)) as c:
        response = await c.get("/reports/counts")
        assert response.status_code == 200
        data: dict[str, Any] = response.json()
        return data


async def test_an_enrolment_reaches_grants_and_reporting(platform: Platform) -> None:
    await open_technical_aids_cycle(platform)
    caseworker = token(Role.CASEWORKER, provinces=("KHN",))
    async with platform.client(platform.intake, caseworker) as intake:
        response = await intake.post("/beneficiaries", json=DISABLED)
        assert response.status_code == 201, response.text
        beneficiary_id = response.json()["beneficiary_id"]
        shown = (await intake.get(f"/beneficiaries/{beneficiary_id}")).json()
    assert shown["name_ar"] == FATIMA["name_ar"]  # Arabic round-trips intact

    async def proposals() -> list[dict[str, Any]]:
        async with platform.client(platform.grants, caseworker) as grants:
            r = await grants.get("/proposals", params={"programme": DISABILITY_TECHNICAL_AIDS})
            assert r.status_code == 200, r.text
            items: list[dict[str, Any]] = r.json()["items"]
            return items

    async def proposed() -> bool:
        return len(await proposals()) == AIDS_PER_PERSON

    await eventually(proposed, what="grants to propose the person's technical aids")
    made = await proposals()
    assert {p["component"] for p in made} == {"wheelchair", "white_cane", "hearing_aid"}
    assert {(p["subject_id"], p["province_code"], p["status"]) for p in made} == {
        (beneficiary_id, "KHN", "proposed")
    }

    async def reported() -> bool:
        c = await counts(platform)
        return bool(c["beneficiaries_enrolled"] == 1 and c["decisions_proposed"] == 3)

    await eventually(reported, what="reporting to count the enrolment and the proposals")
    report = await counts(platform)
    assert report["decisions_by_status"] == {"proposed": 3}
    assert report["provinces"] == [
        {
            "province_code": "KHN",
            "beneficiaries_enrolled": 1,
            "by_category": {"disability": 1},
            "by_status": {"enrolled": 1},
            "decisions_proposed": 3,
            "decisions_by_status": {"proposed": 3},
            "programmes": [
                {
                    "programme_id": str(TECHNICAL_AIDS),
                    "decisions_proposed": 3,
                    "by_status": {"proposed": 3},
                }
            ],
        }
    ]


async def test_published_envelope_carries_the_contract(platform: Platform) -> None:
    caseworker = token(Role.CASEWORKER, provinces=("LAR",))
    async with platform.client(platform.intake, caseworker) as intake:
        body = {**FATIMA, "province_code": "LAR", "commune_code": "LAR-001", "cin": "LA98765"}
        beneficiary_id = (await intake.post("/beneficiaries", json=body)).json()["beneficiary_id"]

    async def published() -> bool:
        return len(await platform.read_topic("intake.beneficiaries")) == 1

    await eventually(published, what="the relay to publish")
    [record] = await platform.read_topic("intake.beneficiaries")
    assert record.key == beneficiary_id.encode()
    assert record.header("event-type") == "BeneficiaryEnrolled"
    envelope = __import__("json").loads(record.value)
    assert envelope["type"] == "BeneficiaryEnrolled"
    assert envelope["schema_version"] == 2
    assert envelope["origin"] == "intake"
    assert envelope["position"] == 1
    assert envelope["aggregate_version"] == 1
    assert envelope["actor"] == "tester"
    assert envelope["payload"] == {
        "beneficiary_id": beneficiary_id,
        "province_code": "LAR",
        "commune_code": "LAR-001",
        "sex": "F",
        "categories": ["elderly_without_support"],
    }
    # Personal data stays in intake: no name or national ID on the wire.
    assert record.value is not None
    wire = record.value.decode()
    for personal in ("LA98765", "فاطمة", "Fatima", "1958-03-14", "0612345678", "Bouzekri"):
        assert personal not in wire


async def test_one_trace_runs_from_the_http_request_through_both_services(
    platform: Platform,
) -> None:
    trace_id = "4bf92f3577b34da6a3ce929d0e0e4736"
    incoming = {"traceparent": f"00-{trace_id}-00f067aa0ba902b7-01"}
    await open_technical_aids_cycle(platform)
    async with platform.client(platform.intake, token(Role.CASEWORKER)) as intake:
        response = await intake.post("/beneficiaries", json=DISABLED, headers=incoming)
        assert response.status_code == 201

    async def proposals_published() -> bool:
        return len(await proposals_on_the_wire(platform)) == AIDS_PER_PERSON

    await eventually(proposals_published, what="grants to publish its proposals")
    [enrolled] = await platform.read_topic("intake.beneficiaries")
    for record in (enrolled, *await proposals_on_the_wire(platform)):
        version, trace, _span, _flags = (record.header("traceparent") or "").split("-")
        assert (version, trace) == ("00", trace_id)


async def proposals_on_the_wire(platform: Platform) -> list[Record]:
    """The `DecisionProposed` grants published (the programmes' cycles are on another topic)."""
    return [
        r
        for r in await platform.read_topic("grants.decisions")
        if r.header("event-type") == "DecisionProposed"
    ]
