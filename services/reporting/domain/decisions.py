"""Where one of grants' decisions stands, as reporting follows it from grants' decision events.

Grants publishes each step on its own (`grants.decisions` v1); only the proposal names the
programme and province, and whether a second approval (an authorisation) is needed. So
reporting keeps a little of each decision: enough to say which status its steps have led to.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from uuid import UUID


class DecisionStatus(StrEnum):
    """Grants' names for where a decision stands (docs/events.md)."""

    PROPOSED = "proposed"
    AWAITING_AUTHORISATION = "awaiting_authorisation"  # approved once, above the threshold
    APPROVED = "approved"
    REJECTED = "rejected"
    APPEALED = "appealed"
    APPEAL_DISMISSED = "appeal_dismissed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class DecisionProgress:
    status: DecisionStatus
    approvals: int
    approvals_needed: int  # 2 when the proposal needs an authorisation, else 1

    @classmethod
    def proposed(cls, *, needs_authorisation: bool) -> DecisionProgress:
        return cls(DecisionStatus.PROPOSED, 0, 2 if needs_authorisation else 1)

    def approved(self) -> DecisionProgress:
        """One more approval: a first approval, an authorisation or an upheld appeal."""
        approvals = self.approvals + 1
        enough = approvals >= self.approvals_needed
        status = DecisionStatus.APPROVED if enough else DecisionStatus.AWAITING_AUTHORISATION
        return replace(self, status=status, approvals=approvals)

    def approved_in_list(self) -> DecisionProgress:
        """Its payment list's approvers approved it, all at once."""
        return replace(self, status=DecisionStatus.APPROVED, approvals=self.approvals_needed)

    def amended(self, *, needs_authorisation: bool) -> DecisionProgress:
        """Still a proposal, of another amount: the approvals it needs may have changed."""
        return replace(self, approvals_needed=2 if needs_authorisation else 1)

    def now(self, status: DecisionStatus) -> DecisionProgress:
        """A step that only moves it to `status`: rejected, appealed, dismissed, cancelled."""
        return replace(self, status=status)


@dataclass(frozen=True)
class DecisionGroup:
    """How many decisions of one programme in one province stand at one status."""

    province_code: str
    programme_id: UUID
    status: str
    count: int
