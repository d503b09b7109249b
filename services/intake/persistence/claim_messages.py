"""The SMS gateway's messages and what each came to, one row per gateway message id, written
in the transaction that stores the claim (if any). The sender is kept only as a keyed hash, to
count distinct senders; the number itself is sealed in the claim, or not kept at all."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import Column, DateTime, MetaData, String, Table, Uuid, distinct, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from services.intake.application.claim_records import AnsweredMessage
from services.intake.domain.relief_claim import ClaimOutcome

metadata = MetaData()

claim_messages = Table(
    "intake_claim_messages",
    metadata,
    Column("message_id", String(200), primary_key=True),
    Column("outcome", String(32), index=True, nullable=False),
    Column("claim_id", Uuid, nullable=True),
    Column("sender_hash", String(64), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
)


class ClaimMessages:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        metadata.create_all(engine, checkfirst=True)

    def answer_for(self, message_id: str) -> AnsweredMessage | None:
        t = claim_messages.c
        query = select(t.outcome, t.claim_id, t.received_at).where(t.message_id == message_id)
        with self._engine.connect() as conn:
            row = conn.execute(query).one_or_none()
        if row is None:
            return None
        claim_id: UUID | None = row.claim_id
        return AnsweredMessage(message_id, ClaimOutcome(row.outcome), claim_id, row.received_at)

    def answers_for(self, message_ids: Sequence[str]) -> dict[str, AnsweredMessage]:
        t = claim_messages.c
        query = select(t.message_id, t.outcome, t.claim_id, t.received_at).where(
            t.message_id.in_(list(message_ids))
        )
        with self._engine.connect() as conn:
            rows = conn.execute(query).all()
        return {
            r.message_id: AnsweredMessage(
                r.message_id, ClaimOutcome(r.outcome), r.claim_id, r.received_at
            )
            for r in rows
        }

    def counts(self) -> dict[ClaimOutcome, tuple[int, int]]:
        t = claim_messages.c
        query = select(t.outcome, func.count(), func.count(distinct(t.sender_hash))).group_by(
            t.outcome
        )
        with self._engine.connect() as conn:
            rows = conn.execute(query).all()
        return {ClaimOutcome(outcome): (int(n), int(s)) for outcome, n, s in rows}

    @staticmethod
    def record(session: Session, answered: Sequence[tuple[AnsweredMessage, str]]) -> None:
        """One INSERT for a batch's messages (executemany)."""
        if not answered:
            return
        rows = [
            {"message_id": a.message_id, "outcome": str(a.outcome), "claim_id": a.claim_id,
             "sender_hash": sender_hash, "received_at": a.received_at}
            for a, sender_hash in answered
        ]  # fmt: skip
        session.execute(claim_messages.insert(), rows)
