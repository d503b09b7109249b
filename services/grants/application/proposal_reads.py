"""Reading the proposals back: those in the caller's provinces, for a programme, in a status.

The index knows where and for what each was proposed; the status is the decision's own, read
from its events, so a filter on it loads the decisions of the provinces and programme asked
(fine for a province's list; a large national one wants a projection of decisions' events).
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
        ids = self._proposals.listed(provinces=provinces, programme_id=programme_id)
        if status is None:
            page = [self._proposals.get(i) for i in ids[offset : offset + limit]]
            return ProposalPage([d for d in page if d is not None], len(ids))
        found = [d for d in map(self._proposals.get, ids) if d is not None and d.status == status]
        return ProposalPage(found[offset : offset + limit], len(found))
