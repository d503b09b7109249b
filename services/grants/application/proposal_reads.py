"""Reading the proposals back: those in the caller's provinces, for a programme, in a status.

The proposal index knows where and for what each was proposed, the decision index (kept with
the decisions' events) its status now: the page is chosen in the database and only its
decisions are loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from services.grants.application.ports import Proposals
from services.grants.domain.decision import Decision
from services.grants.domain.decision_rules import DecisionStatus


@dataclass(frozen=True)
class ProposalPage:
    decisions: list[Decision]
    total: int


class ProposalReads:
    def __init__(self, proposals: Proposals) -> None:
        self._proposals = proposals

    def proposals(
        self,
        *,
        provinces: frozenset[str] | None,
        programme_id: UUID | None = None,
        status: DecisionStatus | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> ProposalPage:
        """Oldest proposal first."""
        ids, total = self._proposals.page(
            provinces=provinces,
            programme_id=programme_id,
            status=status,
            limit=limit,
            offset=offset,
        )
        page = [self._proposals.get(i) for i in ids]
        return ProposalPage([d for d in page if d is not None], total)
