"""What the SMS claim use case reads and writes besides events: the gateway's messages, each
with its outcome, so a repeated message gets the same answer and every claim is counted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from services.intake.domain.relief_claim import ClaimOutcome


@dataclass(frozen=True)
class Sms:
    """One message as the gateway hands it over. `sender` never goes further than this."""

    message_id: str
    sender: str
    text: str
    received_at: datetime


@dataclass(frozen=True)
class AnsweredMessage:
    message_id: str
    outcome: ClaimOutcome
    claim_id: UUID | None
    received_at: datetime


@dataclass(frozen=True)
class ClaimAnswer:
    message_id: str
    outcome: ClaimOutcome
    claim_id: UUID | None
    reply: str
    repeated_message: bool  # the gateway sent this very message before


class ClaimMessages(Protocol):
    """The gateway's messages, outside a transaction (writes go through `Changes`)."""

    def answer_for(self, message_id: str) -> AnsweredMessage | None: ...

    def answers_for(self, message_ids: Sequence[str]) -> dict[str, AnsweredMessage]: ...

    def counts(self) -> dict[ClaimOutcome, tuple[int, int]]:
        """Per outcome: messages, and distinct senders (by keyed hash)."""
