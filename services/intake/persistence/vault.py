"""Intake's key vault: one AES key per person, in intake's own database, never in events.

Keys are written and destroyed inside the same transaction as the events that use them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy import Column, DateTime, LargeBinary, MetaData, Table, Uuid, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from services.intake.privacy.sealing import new_key

metadata = MetaData()

person_keys = Table(
    "intake_person_keys",
    metadata,
    Column("subject_id", Uuid, primary_key=True),
    Column("key", LargeBinary, nullable=True),
    Column("erased_at", DateTime(timezone=True), nullable=True),
)


class KeyVault:
    """The `KeyVault` port's reads; `create` and `destroy` write in an open session."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        metadata.create_all(engine, checkfirst=True)

    def create(self, session: Session, subject_id: UUID) -> bytes:
        key = new_key()
        session.execute(person_keys.insert().values(subject_id=subject_id, key=key))
        return key

    def create_many(self, session: Session, keys: Sequence[dict[str, object]]) -> None:
        """Keys already made ({"subject_id", "key"}), in one statement."""
        if keys:
            session.execute(person_keys.insert(), list(keys))

    def key_for(self, subject_id: UUID, session: Session | None = None) -> bytes | None:
        """None once the person's data has been erased (or never had a key)."""
        query = select(person_keys.c.key).where(person_keys.c.subject_id == subject_id)
        if session is not None:
            found = session.execute(query).scalar()
        else:
            with self._engine.connect() as conn:
                found = conn.execute(query).scalar()
        return bytes(found) if found is not None else None

    def keys_for(self, subject_ids: list[UUID]) -> dict[UUID, bytes]:
        if not subject_ids:
            return {}
        query = select(person_keys.c.subject_id, person_keys.c.key).where(
            person_keys.c.subject_id.in_(subject_ids), person_keys.c.key.is_not(None)
        )
        with self._engine.connect() as conn:
            return {row.subject_id: bytes(row.key) for row in conn.execute(query)}

    def destroy(self, session: Session, subject_id: UUID) -> None:
        session.execute(
            update(person_keys)
            .where(person_keys.c.subject_id == subject_id)
            .values(key=None, erased_at=datetime.now(UTC))
        )
