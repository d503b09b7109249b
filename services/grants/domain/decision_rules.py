"""Rules of a decision's four-eyes path: propose, approve, authorise, reject, appeal once.

An `AccessRule` broken means this user may not take this step (a 403 upstream); any other
broken rule is about the request or the decision's state (422 or 409 upstream).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from services.grants.domain.actors import APPROVER, Actor
from shared.rules import BusinessRule


class DecisionStatus(StrEnum):
    PROPOSED = "proposed"
    AWAITING_AUTHORISATION = "awaiting_authorisation"  # approved once, above the threshold
    APPROVED = "approved"
    REJECTED = "rejected"
    APPEALED = "appealed"
    APPEAL_DISMISSED = "appeal_dismissed"  # final
    CANCELLED = "cancelled"  # final


OPEN_STATUSES = frozenset(DecisionStatus) - {
    DecisionStatus.APPEAL_DISMISSED,
    DecisionStatus.CANCELLED,
}


class AccessRule(BusinessRule):
    """Broken: the user may not take this step on this decision (403, not 422)."""


def _blank(text: str | None) -> bool:
    return not (text or "").strip()


@dataclass(frozen=True)
class DecidingUserMustBeAnApproverForTheProvince(AccessRule):
    actor: Actor
    province_code: str
    message = "only a user with the approver role for this province may decide"
    field = "province_code"

    def is_broken(self) -> bool:
        return not self.actor.acts_as(APPROVER, self.province_code)


@dataclass(frozen=True)
class ProposerMayNotDecideTheirOwnProposal(AccessRule):
    proposed_by: str
    user: str
    message = "you cannot approve (or reject) your own proposal: another approver must"
    field = "actor"

    def is_broken(self) -> bool:
        return self.user == self.proposed_by


@dataclass(frozen=True)
class SecondApprovalMustComeFromAThirdUser(AccessRule):
    approved_by: Collection[str]
    user: str
    message = "the second approval must come from a user who has not yet approved it"
    field = "actor"

    def is_broken(self) -> bool:
        return self.user in self.approved_by


@dataclass(frozen=True)
class AppealMustBeDecidedByAnotherApprover(AccessRule):
    rejected_by: str | None
    user: str
    message = "an appeal is decided by an approver other than the one who rejected it"
    field = "actor"

    def is_broken(self) -> bool:
        return self.user == self.rejected_by


@dataclass(frozen=True)
class ListApproversMustNotHaveProposedTheLine(AccessRule):
    proposed_by: str
    approvers: Collection[str]
    message = "a payment list's approvers must not have proposed its lines"
    field = "actor"

    def is_broken(self) -> bool:
        return self.proposed_by in self.approvers


@dataclass(frozen=True)
class DecisionMustBeIn(BusinessRule):
    status: DecisionStatus
    expected: Collection[DecisionStatus]
    message = "the decision is not at a step where this can be done"
    field = "status"
    conflict = True  # refused because of the record's state: 409

    def is_broken(self) -> bool:
        return self.status not in self.expected


@dataclass(frozen=True)
class DecisionMustBeOpen(BusinessRule):
    status: DecisionStatus
    message = "the decision is already final (cancelled, or its appeal dismissed)"
    field = "status"
    conflict = True  # refused because of the record's state: 409

    def is_broken(self) -> bool:
        return self.status not in OPEN_STATUSES


@dataclass(frozen=True)
class OnlyARejectionCanBeAppealed(BusinessRule):
    status: DecisionStatus
    message = "only a rejected decision can be appealed"
    field = "status"
    conflict = True  # refused because of the record's state: 409

    def is_broken(self) -> bool:
        return self.status is not DecisionStatus.REJECTED


@dataclass(frozen=True)
class ADecisionIsAppealedOnlyOnce(BusinessRule):
    appealed: bool
    message = "this decision has already been appealed once"
    field = "status"
    conflict = True  # refused because of the record's state: 409

    def is_broken(self) -> bool:
        return self.appealed


@dataclass(frozen=True)
class StepMustGiveAReason(BusinessRule):
    reason: str | None
    message = "a rejection, an appeal, its dismissal and a cancellation each need a reason"
    field = "reason"

    def is_broken(self) -> bool:
        return _blank(self.reason)


@dataclass(frozen=True)
class CycleMustBeOpen(BusinessRule):
    is_open: bool
    message = "the programme's cycle is not open"
    field = "cycle"

    def is_broken(self) -> bool:
        return not self.is_open


@dataclass(frozen=True)
class ComponentMustBeDue(BusinessRule):
    due: bool
    message = "this component is not due to this subject"
    field = "component"

    def is_broken(self) -> bool:
        return not self.due


class _Decided(Protocol):
    status: DecisionStatus
    province_code: str
    proposed_by: str
    rejected_by: str | None
    approved_by: tuple[str, ...]


def deciding_an_appeal(decision: _Decided, actor: Actor) -> tuple[BusinessRule, ...]:
    """Who may uphold or dismiss an appeal: an approver of the province other than the
    proposer, the rejecting approver and any earlier approver."""
    return (
        DecisionMustBeIn(decision.status, (DecisionStatus.APPEALED,)),
        DecidingUserMustBeAnApproverForTheProvince(actor, decision.province_code),
        ProposerMayNotDecideTheirOwnProposal(decision.proposed_by, actor.user),
        AppealMustBeDecidedByAnotherApprover(decision.rejected_by, actor.user),
        SecondApprovalMustComeFromAThirdUser(decision.approved_by, actor.user),
    )
