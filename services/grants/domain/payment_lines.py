"""The lines of a payment list and their digest."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from services.grants.domain.decision import Decision
from services.grants.domain.decision_rules import DecisionStatus


@dataclass(frozen=True)
class Line:
    decision_id: UUID
    subject_id: UUID
    amount_centimes: int | None  # None: in kind, not valued in dirhams

    def to_plain(self) -> dict[str, Any]:
        return {
            "decision_id": str(self.decision_id),
            "subject_id": str(self.subject_id),
            "amount_centimes": self.amount_centimes,
        }

    @classmethod
    def from_plain(cls, plain: dict[str, Any]) -> Line:
        return cls(UUID(plain["decision_id"]), UUID(plain["subject_id"]), plain["amount_centimes"])


def digest_of(lines: Iterable[Line]) -> str:
    """sha256 (hex) of the lines as compact JSON: a list of {"amount_centimes", "decision_id",
    "subject_id"} objects (keys sorted, UUIDs as hyphenated lower-case strings, no spaces),
    ordered by decision id; anyone holding the lines can recompute it."""
    plain = [line.to_plain() for line in sorted(lines, key=lambda line: str(line.decision_id))]
    canonical = json.dumps(plain, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def stale_lines(lines: dict[UUID, Line], decisions: Iterable[Decision]) -> tuple[str, ...]:
    """The ids of the lines whose decision is no longer the proposal listed: cancelled (its
    subject gone from intake), decided otherwise, or of another amount."""
    return tuple(
        str(d.id)
        for d in decisions
        if d.status is not DecisionStatus.PROPOSED
        or d.amount_centimes != lines[d.id].amount_centimes
    )
