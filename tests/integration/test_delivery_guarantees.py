"""Exactly-once effects over at-least-once delivery, and dead letters, on both transports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from services.grants.domain.decision import Decision
from shared.auth import Role
from shared.messaging.positions import MemoryRelayPositions
from tests.infra import require_infra
from tests.integration.test_walking_skeleton import (
    AIDS_PER_PERSON,
    DISABLED,
    counts,
    open_technical_aids_cycle,
    proposals_on_the_wire,
)
from tests.platform import Platform, embedded_platform, eventually, kafka_platform, token

PROPOSED_TOPIC = f"{Decision.__module__}:{Decision.Proposed.__qualname__}"


async def enrol(platform: Platform, **changes: Any) -> str:
    async with platform.client(platform.intake, token(Role.CASEWORKER)) as intake:
        response = await intake.post("/beneficiaries", json={**DISABLED, **changes})
        assert response.status_code == 201, response.text
        beneficiary_id: str = response.json()["beneficiary_id"]
        return beneficiary_id


async def settled(platform: Platform, enrolled: int, *, proposals: int | None = None) -> None:
    """Reporting shows `enrolled` beneficiaries and their proposals: by default, each enrolled
    with a disability and given the technical aids (`enrol`)."""
    expected = enrolled * AIDS_PER_PERSON if proposals is None else proposals

    async def done() -> bool:
        c = await counts(platform)
        return bool(c["beneficiaries_enrolled"] == enrolled and c["decisions_proposed"] == expected)

    await eventually(done, what=f"{enrolled} enrolments and {expected} proposals in the reports")


def grants_proposals(platform: Platform) -> int:
    """The proposals grants stored (the programmes it seeds at startup are not counted)."""
    store = platform.grants.http.state.grants
    notifications = store.recorder.select_notifications(start=1, limit=1000)
    return len([n for n in notifications if n.topic == PROPOSED_TOPIC])


async def test_the_same_message_twice_has_one_effect(platform: Platform) -> None:
    await open_technical_aids_cycle(platform)
    await enrol(platform)
    await settled(platform, 1)
    [original] = await platform.read_topic("intake.beneficiaries")
    proposal, *_ = await proposals_on_the_wire(platform)

    await platform.inject("intake.beneficiaries", original.key or b"", original.value)
    await platform.inject("grants.decisions", proposal.key or b"", proposal.value)

    async def both_saw_the_repeats() -> bool:
        [grants], [reporting] = platform.grants.consumers, platform.reporting.consumers
        return grants.duplicates >= 1 and reporting.duplicates >= 2

    await eventually(both_saw_the_repeats, what="both consumers to receive the repeats")
    await settled(platform, 1)
    assert grants_proposals(platform) == AIDS_PER_PERSON
    assert platform.grants.consumers[0].applied == 1
    assert (await counts(platform))["decisions_by_status"] == {"proposed": AIDS_PER_PERSON}


async def test_a_poison_message_is_dead_lettered_and_the_next_one_processed(
    platform: Platform,
) -> None:
    await platform.inject("intake.beneficiaries", b"some-key", b"\xff\xfe not json")
    unknown = {**json.loads(_envelope_of_a_new_kind()), "type": "BeneficiaryTeleported"}
    await platform.inject("intake.beneficiaries", b"some-key", json.dumps(unknown).encode())
    await open_technical_aids_cycle(platform)
    await enrol(platform)
    await settled(platform, 1)

    async def dead_lettered() -> bool:
        return len(await platform.read_topic("grants.dlq")) == 2

    await eventually(dead_lettered, what="two dead letters from grants")
    first, second = await platform.read_topic("grants.dlq")
    assert first.value == b"\xff\xfe not json"
    assert (first.header("x-dead-letter-reason") or "").startswith("undecodable message")
    assert first.header("x-origin-topic") == "intake.beneficiaries"
    assert first.header("x-dead-letter-consumer") == "grants"
    assert second.header("x-dead-letter-reason") == "unknown event type 'BeneficiaryTeleported'"
    assert len(await platform.read_topic("reporting.dlq")) == 2


def _envelope_of_a_new_kind() -> str:
    return json.dumps(
        {
            "event_id": "0b7c4bde-4f0a-4c39-9d1e-3c1f3f1d9a01",
            "type": "BeneficiaryEnrolled",
            "schema_version": 1,
            "aggregate_id": "5f0a3c1e-2b7d-4c39-9d1e-3c1f3f1d9a02",
            "aggregate_version": 1,
            "origin": "intake",
            "position": 999,
            "occurred_at": "2026-02-10T08:00:00Z",
            "actor": "someone",
            "payload": {},
        }
    )


class CrashBeforeSaving(MemoryRelayPositions):
    """The relay publishes, then dies before it can save its position, once."""

    def __init__(self, inner: Any) -> None:
        super().__init__()
        self.inner = inner
        self.crashed = False

    def get(self, relay: str) -> int:
        return int(self.inner.get(relay))

    def save(self, relay: str, position: int) -> None:
        if not self.crashed:
            self.crashed = True
            raise RuntimeError("relay process killed between publish and save")
        self.inner.save(relay, position)


@pytest.mark.parametrize("kind", ["embedded", "kafka"])
async def test_a_relay_crash_between_publish_and_save_resends_and_loses_nothing(
    kind: str, tmp_path: Path
) -> None:
    positions = CrashBeforeSaving(MemoryRelayPositions())
    if kind == "kafka":
        require_infra()
        context = kafka_platform(intake_positions=positions, start_relay=False)
    else:
        context = embedded_platform(tmp_path, intake_positions=positions, start_relay=False)
    async with context as platform:
        await open_technical_aids_cycle(platform)
        for cin, born in (("BK1", "1961-01-01"), ("BK2", "1962-02-02"), ("BK3", "1963-03-03")):
            await enrol(platform, cin=cin, birth_date=born)
        relay = platform.intake.relay
        assert relay is not None
        with pytest.raises(RuntimeError, match="killed"):
            await relay.publish_pending()
        assert positions.get(relay.name) == 0  # published, but the position was not saved

        assert await relay.drain() == 3  # the restarted relay sends the batch again
        await settled(platform, 3)
        assert len(await platform.read_topic("intake.beneficiaries")) == 6

        async def repeats_ignored() -> bool:
            return platform.grants.consumers[0].duplicates == 3

        await eventually(repeats_ignored, what="grants to ignore the three repeats")
        assert grants_proposals(platform) == 3 * AIDS_PER_PERSON
