"""The `ClaimMessages` port over the in-memory tables, for unit tests and the POPO store."""

from __future__ import annotations

from collections.abc import Sequence

from services.intake.application.claim_records import AnsweredMessage
from services.intake.domain.relief_claim import ClaimOutcome
from services.intake.persistence.memory import InMemoryRecords


class InMemoryClaimMessages:
    def __init__(self, records: InMemoryRecords) -> None:
        self._records = records

    def answer_for(self, message_id: str) -> AnsweredMessage | None:
        found = self._records.tables.messages.get(message_id)
        return None if found is None else found[0]

    def answers_for(self, message_ids: Sequence[str]) -> dict[str, AnsweredMessage]:
        return {i: a for i in message_ids if (a := self.answer_for(i)) is not None}

    def counts(self) -> dict[ClaimOutcome, tuple[int, int]]:
        senders: dict[ClaimOutcome, set[str]] = {}
        messages: dict[ClaimOutcome, int] = {}
        for answered, sender_hash in self._records.tables.messages.values():
            messages[answered.outcome] = messages.get(answered.outcome, 0) + 1
            senders.setdefault(answered.outcome, set()).add(sender_hash)
        return {o: (n, len(senders[o])) for o, n in messages.items()}
