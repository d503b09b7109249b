"""A v1 BeneficiaryEnrolled still on the topic (published before v2) is read as v2 by both
consumers, on Kafka and on the in-process bus alike: grants proposes from it, reporting counts
the enrolment and the proposals."""

from __future__ import annotations

import json
import uuid

from tests.integration.test_walking_skeleton import (
    AIDS_PER_PERSON,
    TECHNICAL_AIDS,
    counts,
    open_technical_aids_cycle,
)
from tests.platform import Platform, eventually


async def test_consumers_read_an_old_v1_enrolment(platform: Platform) -> None:
    await open_technical_aids_cycle(platform, 2026)  # the year the v1 event occurred in
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
            "category": "disability",
        },
    }
    await platform.inject(
        "intake.beneficiaries", str(beneficiary_id).encode(), json.dumps(v1).encode()
    )

    async def counted() -> bool:
        report = await counts(platform)
        enrolled, proposed = report["beneficiaries_enrolled"], report["decisions_proposed"]
        return bool(enrolled == 1 and proposed == AIDS_PER_PERSON)

    await eventually(counted, what="reporting and grants to apply the v1 event")
    report = await counts(platform)
    [lar] = report["provinces"]
    assert lar["by_category"] == {"disability": 1}
    [aids] = lar["programmes"]
    assert aids["programme_id"] == str(TECHNICAL_AIDS)
    proposals = platform.grants.http.state.proposals
    made = [proposals.get(i) for i in proposals.of_subject(beneficiary_id)]
    assert {(d.cycle, d.province_code) for d in made if d is not None} == {("2026", "LAR")}
    assert await platform.read_topic("grants.dlq") == []
