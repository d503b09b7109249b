"""A v1 BeneficiaryEnrolled still on the topic (published before v2) is read as v2 by both
consumers, on Kafka and on the in-process bus alike."""

from __future__ import annotations

import json
import uuid

from services.grants.application import EligibilityReviews
from tests.integration.test_walking_skeleton import counts
from tests.platform import Platform, eventually


async def test_consumers_read_an_old_v1_enrolment(platform: Platform) -> None:
    beneficiary_id = uuid.uuid4()
    v1 = {
        "event_id": str(uuid.uuid4()),
        "type": "BeneficiaryEnrolled",
        "schema_version": 1,
        "aggregate_id": str(beneficiary_id),
        "aggregate_version": 1,
        "origin": "intake",
        "position": 424242,
        "occurred_at": "2026-02-10T08:00:00Z",
        "actor": "caseworker-larache",
        "reason": None,
        "payload": {
            "beneficiary_id": str(beneficiary_id),
            "province_code": "LAR",
            "category": "disaster_affected",
        },
    }
    await platform.inject(
        "intake.beneficiaries", str(beneficiary_id).encode(), json.dumps(v1).encode()
    )

    async def counted() -> bool:
        report = await counts(platform)
        enrolled, opened = report["beneficiaries_enrolled"], report["eligibility_reviews_opened"]
        return bool(enrolled == 1 and opened == 1)

    await eventually(counted, what="reporting and grants to apply the v1 event")
    report = await counts(platform)
    assert report["provinces"][0]["by_category"] == {"disaster_affected": 1}
    reviews: EligibilityReviews = platform.grants.http.state.reviews
    assert reviews.review_for(beneficiary_id).category == "disaster_affected"
    assert await platform.read_topic("grants.dlq") == []
