"""Every topic the services publish or dead-letter to is declared for Strimzi in deploy/k8s
(an SRE's cluster creates what the manifests say, with their retention and replication)."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import yaml

import shared.contracts

MANIFEST = Path(__file__).parents[2] / "deploy" / "k8s" / "platform" / "kafka-topics.yaml"
SERVICES = ("intake", "grants", "reporting")


def published_topics() -> set[str]:
    topics = set()
    for module in pkgutil.iter_modules(shared.contracts.__path__):
        loaded = importlib.import_module(f"shared.contracts.{module.name}")
        topics |= {
            value
            for name, value in vars(loaded).items()
            if name.endswith("_TOPIC") and isinstance(value, str)
        }
    return topics


def test_every_topic_is_declared_with_an_event_sourced_retention() -> None:
    declared = {
        doc["spec"]["topicName"]: doc["spec"]
        for doc in yaml.safe_load_all(MANIFEST.read_text(encoding="utf-8"))
    }
    wanted = published_topics() | {f"{service}.dlq" for service in SERVICES}
    assert wanted - set(declared) == set()
    for topic in wanted:
        config = declared[topic]["config"]
        assert (config["retention.ms"], config["cleanup.policy"]) == (-1, "delete"), topic
