"""Reaching the real Kafka broker and PostgreSQL that scripts/infra.sh starts."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest

KAFKA_BOOTSTRAP = os.environ.get("TAAWUN_TEST_KAFKA", "127.0.0.1:19092")
PG_HOST = os.environ.get("TAAWUN_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("TAAWUN_TEST_PG_PORT", "55432"))


def _listening(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def require_infra() -> None:
    """Fail when the suite was told the servers are up (CI), skip otherwise."""
    host, port = KAFKA_BOOTSTRAP.rsplit(":", 1)
    missing = [
        name
        for name, up in (
            ("Kafka", _listening(host, int(port))),
            ("PostgreSQL", _listening(PG_HOST, PG_PORT)),
        )
        if not up
    ]
    if missing:
        message = f"{' and '.join(missing)} not reachable: run `bash scripts/infra.sh up`"
        if os.environ.get("TAAWUN_TEST_INFRA"):
            pytest.fail(message)
        pytest.skip(message)


@contextmanager
def postgres_database(prefix: str = "t") -> Iterator[str]:
    """A fresh database for one test, dropped afterwards; yields its SQLAlchemy URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = f"host={PG_HOST} port={PG_PORT} user=postgres dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
