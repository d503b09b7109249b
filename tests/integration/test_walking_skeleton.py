"""The skeleton flow through all three services, over HTTP, on both transports."""

from __future__ import annotations

from typing import Any

from shared.auth import Role
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


async def counts(platform: Platform) -> dict[str, Any]:
    async with platform.client(platform.reporting, token(Role.AUDITOR)) as c:
        response = await c.get("/reports/counts")
        assert response.status_code == 200
        data: dict[str, Any] = response.json()
        return data


async def test_an_enrolment_reaches_grants_and_reporting(platform: Platform) -> None:
    caseworker = token(Role.CASEWORKER, provinces=("KHN",))
    async with platform.client(platform.intake, caseworker) as intake:
        response = await intake.post("/beneficiaries", json=FATIMA)
        assert response.status_code == 201, response.text
        beneficiary_id = response.json()["beneficiary_id"]
        shown = (await intake.get(f"/beneficiaries/{beneficiary_id}")).json()
    assert shown["name_ar"] == FATIMA["name_ar"]  # Arabic round-trips intact

    async def review_opened() -> bool:
        async with platform.client(platform.grants, caseworker) as grants:
            r = await grants.get(f"/eligibility-reviews/by-beneficiary/{beneficiary_id}")
            return r.status_code == 200 and r.json()["status"] == "open"

    await eventually(review_opened, what="grants to open an eligibility review")

    async def reported() -> bool:
        c = await counts(platform)
        return bool(c["beneficiaries_enrolled"] == 1 and c["eligibility_reviews_opened"] == 1)

    await eventually(reported, what="reporting to count the enrolment and the review")
    report = await counts(platform)
    assert report["provinces"] == [
        {
            "province_code": "KHN",
            "beneficiaries_enrolled": 1,
            "by_category": {"elderly_without_support": 1},
            "by_status": {"enrolled": 1},
            "eligibility_reviews_opened": 1,
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
    async with platform.client(platform.intake, token(Role.CASEWORKER)) as intake:
        response = await intake.post("/beneficiaries", json=FATIMA, headers=incoming)
        assert response.status_code == 201

    async def review_published() -> bool:
        return len(await platform.read_topic("grants.reviews")) == 1

    await eventually(review_published, what="grants to publish the review")
    [enrolled] = await platform.read_topic("intake.beneficiaries")
    [review] = await platform.read_topic("grants.reviews")
    for record in (enrolled, review):
        version, trace, _span, _flags = (record.header("traceparent") or "").split("-")
        assert (version, trace) == ("00", trace_id)
