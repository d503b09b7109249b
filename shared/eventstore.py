"""Environment for an `eventsourcing` application on SQLAlchemy (SQLite or PostgreSQL).

eventsourcing-sqlalchemy lets the inbox rows and the new events share one transaction.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import Transcoding
from sqlalchemy.engine import Engine


def eventstore_env(url: str, cipher_key: str | None = None) -> dict[str, str]:
    env = {"PERSISTENCE_MODULE": "eventsourcing_sqlalchemy", "SQLALCHEMY_URL": url}
    if cipher_key:
        env |= {"CIPHER_TOPIC": "eventsourcing.cryptography:AESCipher", "CIPHER_KEY": cipher_key}
    return env


def engine_of(app: Application[Any]) -> Engine:
    engine = app.recorder.datastore.engine  # type: ignore[attr-defined]
    assert isinstance(engine, Engine)
    return engine


class DateAsISO(Transcoding):
    """Stored events carry calendar dates (birth dates, decision dates) as ISO strings."""

    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)
