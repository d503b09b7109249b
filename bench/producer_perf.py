"""Kafka's own ProducerPerformance tool, run against the local broker from scripts/kafka.sh.

Uses the jars that ``scripts/kafka.sh fetch`` puts in ``.cache/kafka/<version>/libs`` (the
version comes from ``infra/kafka/pom.xml`` unless ``TAAWUN_KAFKA_VERSION`` is set), so the
numbers come from the reference Java client, not from the Python client under test.

    python bench/producer_perf.py --topic perf --num-records 100000 --record-size 500
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
POM = REPO_ROOT / "infra" / "kafka" / "pom.xml"
DEFAULT_BOOTSTRAP = f"127.0.0.1:{os.environ.get('TAAWUN_KAFKA_PORT', '19092')}"

# Final summary line, e.g.
# "100000 records sent, 9813.5 records/sec (4.68 MB/sec), 856.15 ms avg latency,
#  1112.00 ms max latency, 941 ms 50th, 1089 ms 95th, 1102 ms 99th, 1106 ms 99.9th."
_SUMMARY = re.compile(
    r"(?P<records>\d+) records sent, (?P<rps>[\d.]+) records/sec \((?P<mbps>[\d.]+) MB/sec\), "
    r"(?P<avg>[\d.]+) ms avg latency, (?P<max>[\d.]+) ms max latency, "
    r"(?P<p50>\d+) ms 50th, (?P<p95>\d+) ms 95th, (?P<p99>\d+) ms 99th, (?P<p999>\d+) ms 99\.9th"
)


@dataclass(frozen=True)
class ProducerPerfResult:
    records: int
    records_per_sec: float
    mb_per_sec: float
    avg_latency_ms: float
    max_latency_ms: float
    p50_ms: int
    p95_ms: int
    p99_ms: int
    p999_ms: int


def kafka_version() -> str:
    """The Kafka version in use: ``TAAWUN_KAFKA_VERSION`` or the pom's ``kafka.version``."""
    override = os.environ.get("TAAWUN_KAFKA_VERSION")
    if override:
        return override
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    node = ET.parse(POM).getroot().find("m:properties/m:kafka.version", ns)
    if node is None or not (node.text or "").strip():
        raise RuntimeError(f"no <kafka.version> property in {POM}")
    return (node.text or "").strip()


def kafka_libs_dir() -> Path:
    """``.cache/kafka/<version>/libs``; raises if ``scripts/kafka.sh fetch`` has not run."""
    libs = REPO_ROOT / ".cache" / "kafka" / kafka_version() / "libs"
    if not (libs / ".complete").is_file():
        raise FileNotFoundError(f"{libs} is not populated; run: bash scripts/kafka.sh fetch")
    return libs


def _run_java(main_class: str, args: list[str], timeout: float) -> str:
    java = shutil.which("java")
    if java is None:
        raise FileNotFoundError("java not found on PATH")
    cmd = [java, "-cp", f"{kafka_libs_dir()}/*", main_class, *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    if proc.returncode != 0:
        raise RuntimeError(
            f"{main_class} exited {proc.returncode}:\n{proc.stdout[-4000:]}{proc.stderr[-4000:]}"
        )
    return proc.stdout


def create_topic(
    bootstrap: str,
    name: str,
    partitions: int,
    *,
    replication_factor: int = 1,
    configs: dict[str, str] | None = None,
    timeout: float = 60.0,
) -> None:
    """Create ``name`` with Kafka's TopicCommand (kafka-topics); no-op if it already exists."""
    args = [
        "--bootstrap-server", bootstrap,
        "--create", "--if-not-exists",
        "--topic", name,
        "--partitions", str(partitions),
        "--replication-factor", str(replication_factor),
    ]  # fmt: skip
    for key, value in (configs or {}).items():
        args += ["--config", f"{key}={value}"]
    _run_java("org.apache.kafka.tools.TopicCommand", args, timeout)


def parse_summary(output: str) -> ProducerPerfResult:
    """Parse the last summary line (the one with percentiles) of ProducerPerformance output."""
    matches = list(_SUMMARY.finditer(output))
    if not matches:
        raise ValueError(f"no ProducerPerformance summary in output:\n{output[-2000:]}")
    m = matches[-1]
    return ProducerPerfResult(
        records=int(m["records"]),
        records_per_sec=float(m["rps"]),
        mb_per_sec=float(m["mbps"]),
        avg_latency_ms=float(m["avg"]),
        max_latency_ms=float(m["max"]),
        p50_ms=int(m["p50"]),
        p95_ms=int(m["p95"]),
        p99_ms=int(m["p99"]),
        p999_ms=int(m["p999"]),
    )


def run_producer_perf(
    *,
    bootstrap: str,
    topic: str,
    num_records: int,
    record_size: int,
    acks: str = "all",
    extra_props: dict[str, str] | None = None,
    timeout: float = 600.0,
) -> ProducerPerfResult:
    """Run ProducerPerformance unthrottled (idempotent producer) and return its summary."""
    props = {
        "bootstrap.servers": bootstrap,
        "acks": acks,
        "enable.idempotence": "true" if acks == "all" else "false",
        **(extra_props or {}),
    }
    args = [
        "--topic", topic,
        "--num-records", str(num_records),
        "--record-size", str(record_size),
        "--throughput", "-1",
        "--producer-props", *(f"{k}={v}" for k, v in props.items()),
    ]  # fmt: skip
    return parse_summary(_run_java("org.apache.kafka.tools.ProducerPerformance", args, timeout))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--bootstrap", default=DEFAULT_BOOTSTRAP)
    parser.add_argument("--topic", default="bench.producer-perf")
    parser.add_argument("--partitions", type=int, default=3)
    parser.add_argument("--num-records", type=int, default=100_000)
    parser.add_argument("--record-size", type=int, default=500)
    parser.add_argument("--acks", default="all")
    parser.add_argument(
        "--prop", action="append", default=[], metavar="K=V", help="extra producer property"
    )
    ns = parser.parse_args()
    extra = dict(p.split("=", 1) for p in ns.prop)
    create_topic(ns.bootstrap, ns.topic, ns.partitions)
    result = run_producer_perf(
        bootstrap=ns.bootstrap,
        topic=ns.topic,
        num_records=ns.num_records,
        record_size=ns.record_size,
        acks=ns.acks,
        extra_props=extra,
    )
    print(f"Kafka {kafka_version()}, topic {ns.topic} ({ns.partitions} partitions), acks={ns.acks}")
    print(result)


if __name__ == "__main__":
    main()
