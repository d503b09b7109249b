"""Relay throughput against Kafka's own producer, same machine, same run.

Stores N enrolments in intake's event store on PostgreSQL, then times the relay publishing the
whole notification log to the real broker (read, translate, envelope, publish, wait for every
ack, save the position). Then runs Kafka's ProducerPerformance with the same number of records
of the same (average) size, acks=all and idempotence on, and prints both rates and the ratio.

    .venv/bin/python bench/relay_throughput.py --events 100000
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.producer_perf import create_topic, kafka_version, run_producer_perf
from services.intake.application import Enrolment, Intake
from services.intake.bootstrap import build_intake_use_cases, event_store_of
from services.intake.domain.beneficiary import category_entry
from services.intake.domain.personal import PersonalData
from services.intake.domain.reference import Category, Sex
from services.intake.interfaces.publishing import to_integration_event
from shared.contracts import default_registry
from shared.contracts.intake import BENEFICIARIES_TOPIC
from shared.eventstore import eventstore_env
from shared.messaging.kafka import KafkaTransport
from shared.messaging.positions import MemoryRelayPositions
from shared.messaging.relay import Relay
from tests.infra import KAFKA_BOOTSTRAP, postgres_database

COMMUNES = ["KHN-001", "LAR-001", "LAR-002", "KEN-001", "SKC-001", "SSL-001", "SAF-001"]


FIRST = [
    ("فاطمة", "Fatima"),
    ("محمد", "Mohamed"),
    ("عائشة", "Aicha"),
    ("يوسف", "Youssef"),
    ("خديجة", "Khadija"),
    ("عمر", "Omar"),
    ("زينب", "Zineb"),
    ("حسن", "Hassan"),
]
LAST = [
    ("بنعلي", "Benali"),
    ("العلوي", "Alaoui"),
    ("الإدريسي", "Idrissi"),
    ("أمراني", "Amrani"),
    ("التازي", "Tazi"),
    ("الفاسي", "Fassi"),
    ("بناني", "Bennani"),
    ("الصقلي", "Sekkali"),
]


def enrolment(i: int) -> Enrolment:
    commune = COMMUNES[i % len(COMMUNES)]
    first, last = FIRST[i % len(FIRST)], LAST[(i // len(FIRST)) % len(LAST)]
    return Enrolment(
        personal=PersonalData(
            name_ar=f"{first[0]} {last[0]}",
            name_lat=f"{first[1]} {last[1]}",
            cin=f"BK{i:06d}",
            civil_registry_ref=None,
            birth_date=date(1940, 1, 1) + timedelta(days=i % 30000),  # distinct people
            phone="0612345678",
            address=f"{i} derb Sidi Bouzekri",
        ),
        sex=Sex.FEMALE if i % 2 else Sex.MALE,
        province_code=commune[:3],
        commune_code=commune,
        categories=[
            category_entry(Category.DISASTER_AFFECTED, evidence="census", since=date(2026, 2, 10))
        ],
    )


def store_enrolments(app: Intake, count: int) -> float:
    """Enrol `count` people through the batch use case (sealing, keys, index), 1,000 a batch."""
    started = time.perf_counter()
    for first in range(0, count, 1000):
        app.beneficiaries.enrol_many(
            [enrolment(i) for i in range(first, min(first + 1000, count))], actor="bench"
        )
    return time.perf_counter() - started


async def time_relay(app: Intake, namespace: str, partitions: int) -> tuple[float, int, int]:
    transport = KafkaTransport(
        bootstrap=KAFKA_BOOTSTRAP,
        client_id="bench-relay",
        partitions=partitions,
        namespace=namespace,
    )
    await transport.ensure_topics([BENEFICIARIES_TOPIC])
    await transport.start()
    relay = Relay(
        app=event_store_of(app),
        translate=to_integration_event,
        registry=default_registry(),
        transport=transport,
        positions=MemoryRelayPositions(),
        batch_size=2000,
    )
    sizes: list[int] = []
    original = transport.publish

    async def measuring(messages):  # type: ignore[no-untyped-def]
        sizes.extend(len(m.value) for m in messages[:50])
        await original(messages)

    transport.publish = measuring  # type: ignore[method-assign]
    try:
        started = time.perf_counter()
        published = await relay.drain()
        elapsed = time.perf_counter() - started
    finally:
        await transport.stop()
    assert published == app.store.recorder.max_notification_id()
    return elapsed, round(sum(sizes) / len(sizes)), published


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--partitions", type=int, default=6)
    args = parser.parse_args()
    namespace = f"bench{uuid.uuid4().hex[:6]}."

    with postgres_database("bench_intake") as url:
        app = build_intake_use_cases({**eventstore_env(url), "LOOKUP_SECRET": "bench"})
        stored = store_enrolments(app, args.events)
        print(
            f"stored {args.events:,} enrolments in {stored:.1f}s "
            f"({args.events / stored:,.0f} enrolments/s, 1,000 per transaction)"
        )
        relay_s, size, published = asyncio.run(time_relay(app, namespace, args.partitions))
        app.store.close()
    relay_rate = published / relay_s
    print(
        f"relay: {published:,} notifications -> Kafka in {relay_s:.1f}s = "
        f"{relay_rate:,.0f} events/s (envelope ~{size} bytes, acks=all, idempotent)"
    )

    topic = f"{namespace}producer-perf"
    create_topic(KAFKA_BOOTSTRAP, topic, args.partitions)
    perf = run_producer_perf(
        bootstrap=KAFKA_BOOTSTRAP,
        topic=topic,
        num_records=published,
        record_size=size,
        acks="all",
    )
    print(
        f"kafka ProducerPerformance: {perf.records:,} records of {size} bytes = "
        f"{perf.records_per_sec:,.0f} records/s ({perf.mb_per_sec:.1f} MB/s)"
    )
    print(f"ratio relay / ProducerPerformance = {relay_rate / perf.records_per_sec:.2f}")
    print(
        f"machine: {platform.machine()}, {platform.processor() or '?'}; "
        f"Python {platform.python_version()}; Kafka {kafka_version()}; "
        f"{args.partitions} partitions"
    )


if __name__ == "__main__":
    main()
