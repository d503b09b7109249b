"""The environment the flood surge bench gives each service's process: the same issuer, the
bench's own settings, nothing inherited from the caller's TAAWUN_* variables."""

from __future__ import annotations

import pytest

from bench.flood_surge_processes import REPO, free_port, service_environment
from bench.flood_surge_services import GATEWAY_SECRET
from shared.auth import Role
from shared.config import Settings
from taawun.wiring import token_issuer
from tests.platform import PARTITIONS, token


def environment(**overrides: int) -> dict[str, str]:
    inherited = {"PATH": "/usr/bin", "TAAWUN_DATABASE_URL": "sqlite:///elsewhere",
                 "TAAWUN_LOG_LEVEL": "DEBUG", "PYTHONPATH": "/somewhere"}  # fmt: skip
    return service_environment(
        "intake", "postgresql+psycopg://pg/intake_x", namespace="babc.", port=4321,
        inherited=inherited, **overrides,
    )  # fmt: skip


def test_a_service_reads_the_bench_settings_and_none_of_the_callers() -> None:
    env = environment(http_workers=2)
    assert env["PATH"] == "/usr/bin"
    assert "TAAWUN_LOG_LEVEL" not in env
    assert env["PYTHONPATH"].split(":") == [str(REPO), "/somewhere"]
    assert env["TAAWUN_DATABASE_URL"] == "postgresql+psycopg://pg/intake_x"
    assert env["TAAWUN_HTTP_WORKERS"] == "2"
    assert env["TAAWUN_KAFKA_PARTITIONS"] == str(PARTITIONS)
    assert env["TAAWUN_INTAKE_SMS_GATEWAY_SECRET"] == GATEWAY_SECRET
    assert Settings().intake_sms_gateway_secret.get_secret_value() == GATEWAY_SECRET


def test_the_service_it_configures_accepts_the_bench_tokens(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in environment().items():
        if name.startswith("TAAWUN_"):
            monkeypatch.setenv(name, value)
    settings = Settings()
    assert settings.kafka_namespace == "babc." and settings.http_port == 4321
    assert settings.simulated_failure_rate == 0 and not settings.simulated_provider_files
    assert Role.ADMIN in token_issuer(settings).verify(token(Role.ADMIN)).roles


def test_a_free_port_is_a_port() -> None:
    assert 0 < free_port() < 65536
