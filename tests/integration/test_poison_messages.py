"""Null and undecodable records through the real services: dead-lettered once, never a stall."""

from __future__ import annotations

import asyncio
from collections import Counter

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from shared.contracts.grants_decisions import DECISIONS_TOPIC
from shared.contracts.intake import BENEFICIARIES_TOPIC
from shared.messaging.records import Record, partition_for
from tests.infra import KAFKA_BOOTSTRAP
from tests.integration.test_delivery_guarantees import enrol, settled
from tests.integration.test_walking_skeleton import open_technical_aids_cycle
from tests.platform import PARTITIONS, Platform, eventually

CONSUMED = {"grants": [BENEFICIARIES_TOPIC], "reporting": [BENEFICIARIES_TOPIC, DECISIONS_TOPIC]}
NOT_JSON = b"\xff\xfe not json"


def a_key_for_every_partition() -> list[bytes]:
    keys: dict[int, bytes] = {}
    candidate = 0
    while len(keys) < PARTITIONS:
        key = f"poison-{candidate}".encode()
        keys.setdefault(partition_for(key, PARTITIONS), key)
        candidate += 1
    return list(keys.values())


async def everything_committed(platform: Platform) -> bool:
    """Every consumer group has committed the end of every topic it reads: nothing is left to
    redeliver, so a dead letter that would be repeated would be on its topic by now."""
    if platform.bus is not None:
        return await platform.bus.idle()
    admin = AIOKafkaAdminClient(bootstrap_servers=KAFKA_BOOTSTRAP)
    reader = AIOKafkaConsumer(bootstrap_servers=KAFKA_BOOTSTRAP)
    await admin.start()
    await reader.start()
    try:
        for group, topics in CONSUMED.items():
            committed = await admin.list_consumer_group_offsets(platform.namespace + group)
            parts = [
                TopicPartition(platform.namespace + t, p) for t in topics for p in range(PARTITIONS)
            ]
            for tp, end in (await reader.end_offsets(parts)).items():
                at = committed[tp].offset if tp in committed else 0
                if max(at, 0) < end:
                    return False
        return True
    finally:
        await reader.stop()
        await admin.close()


def origins(letters: list[Record]) -> Counter[tuple[str | None, str | None]]:
    return Counter((r.header("x-origin-partition"), r.header("x-origin-offset")) for r in letters)


async def test_null_and_undecodable_records_are_dead_lettered_once_and_the_partition_flows(
    platform: Platform,
) -> None:
    # Poison ahead of every partition, so the enrolment has some in front of it wherever it lands.
    for key in a_key_for_every_partition():
        await platform.inject(BENEFICIARIES_TOPIC, key, None)
        await platform.inject(BENEFICIARIES_TOPIC, key, NOT_JSON)
    await open_technical_aids_cycle(platform)
    await enrol(platform)
    await settled(platform, 1)
    await eventually(lambda: everything_committed(platform), what="every offset committed")

    for service in CONSUMED:
        letters = await platform.read_topic(f"{service}.dlq")
        assert len(letters) == 2 * PARTITIONS, f"{service}: {len(letters)} dead letters"
        assert max(origins(letters).values()) == 1  # each poison record exactly once
        tombstones = [r for r in letters if r.value is None]
        assert len(tombstones) == PARTITIONS
        assert all(
            (r.header("x-dead-letter-reason") or "").startswith("undecodable message: null value")
            for r in tombstones
        )
        assert [r.value for r in letters if r.value is not None] == [NOT_JSON] * PARTITIONS
        assert all(r.header("x-dead-letter-consumer") == service for r in letters)

    # Later events on the same partitions still flow, and nothing is dead-lettered again.
    await enrol(platform, cin="BK777001", birth_date="1971-07-07")
    await settled(platform, 2)
    await eventually(lambda: everything_committed(platform), what="every offset committed")
    await asyncio.sleep(1.0)  # a looping batch would add copies within this
    for service in CONSUMED:
        letters = await platform.read_topic(f"{service}.dlq")
        assert len(letters) == 2 * PARTITIONS
        assert max(origins(letters).values()) == 1
