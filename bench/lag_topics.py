"""Where the projection lag goes: a plain consumer in the bench reads the two topics the
measured commands go through and notes when each command's message is on Kafka, so the lag
splits into "accepted -> on Kafka" (the relay) and "on Kafka -> visible" (reporting's consumer
and projector). The split point carries this consumer's own fetch (see the Kafka baseline)."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from aiokafka import AIOKafkaConsumer

from bench.lag_watch import Sightings
from shared.contracts.grants_decisions import DECISIONS_TOPIC, DecisionApprovedV1
from shared.contracts.intake import BENEFICIARIES_TOPIC, BeneficiaryEnrolledV2

WATCHED = {
    BENEFICIARIES_TOPIC: BeneficiaryEnrolledV2.TYPE.encode(),
    DECISIONS_TOPIC: DecisionApprovedV1.TYPE.encode(),
}


@dataclass
class TopicWatch:
    bootstrap: str
    namespace: str
    enrolments: dict[str, float] = field(default_factory=dict)  # key -> first seen on Kafka
    approvals: dict[str, float] = field(default_factory=dict)
    _consumer: AIOKafkaConsumer | None = None

    async def start(self) -> None:
        """Subscribed and given its partitions, at the topics' ends."""
        topics = [self.namespace + t for t in WATCHED]
        self._consumer = AIOKafkaConsumer(
            *topics, bootstrap_servers=self.bootstrap, auto_offset_reset="latest"
        )
        await self._consumer.start()
        deadline = time.monotonic() + 30
        while not self._consumer.assignment():
            if time.monotonic() > deadline:
                raise TimeoutError("the topic watch got no partitions")
            await asyncio.sleep(0.05)
        for partition in self._consumer.assignment():
            await self._consumer.position(partition)  # the end, now: nothing later is missed

    async def run(self) -> None:
        assert self._consumer is not None
        async for record in self._consumer:
            topic = record.topic.removeprefix(self.namespace)
            if dict(record.headers).get("event-type") != WATCHED[topic]:
                continue
            seen = self.enrolments if topic == BENEFICIARIES_TOPIC else self.approvals
            seen.setdefault((record.key or b"").decode(), time.monotonic())

    async def stop(self) -> None:
        if self._consumer is not None:
            await self._consumer.stop()


def split(sightings: Sightings, on_kafka: dict[str, float]) -> tuple[list[float], list[float]]:
    """(accepted -> on Kafka, on Kafka -> visible) of every key seen on both."""
    before, after = [], []
    for key, accepted in sightings.expected.items():
        if key in on_kafka and key in sightings.seen:
            before.append(on_kafka[key] - accepted)
            after.append(sightings.seen[key] - on_kafka[key])
    return before, after
