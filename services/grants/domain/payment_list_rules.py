"""Rules of a payment list: lines of one programme, cycle, province and component, approved
by users other than the one who drew it up, as shown (count, total, digest), then frozen."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from uuid import UUID

from services.grants.domain.decision_rules import AccessRule
from shared.rules import BusinessRule


@dataclass(frozen=True)
class ListNumberMustBePositive(BusinessRule):
    number: int
    message = "a payment list is numbered from 1 within its programme, cycle, province, component"
    field = "number"

    def is_broken(self) -> bool:
        return self.number < 1


@dataclass(frozen=True)
class ComponentMustBeTheProgrammes(BusinessRule):
    known: bool
    message = "unknown component for this programme"
    field = "component"

    def is_broken(self) -> bool:
        return not self.known


@dataclass(frozen=True)
class ListMustNotBeApprovedYet(BusinessRule):
    approvals: int
    message = "the payment list has been approved (in part or in full): its lines are frozen"
    field = "payment_list_id"
    conflict = True  # refused because of the record's state: 409

    def is_broken(self) -> bool:
        return self.approvals > 0


@dataclass(frozen=True)
class LineMustBelongToTheList(BusinessRule):
    """The same programme, cycle, province and component as the list."""

    line: tuple[UUID, str, str, str]
    the_list: tuple[UUID, str, str, str]
    message = "a line must be of the list's programme, cycle, province and component"
    field = "decision_id"

    def is_broken(self) -> bool:
        return self.line != self.the_list


@dataclass(frozen=True)
class LineMustBeAProposalAwaitingApproval(BusinessRule):
    status: str
    message = "only a proposal awaiting approval can be a line of a payment list"
    field = "decision_id"
    conflict = True  # refused because of the record's state: 409

    def is_broken(self) -> bool:
        return self.status != "proposed"


@dataclass(frozen=True)
class LineMustNotBeInTheListTwice(BusinessRule):
    decision_id: UUID
    subject_id: UUID
    decisions: Collection[UUID]
    subjects: Collection[UUID]
    message = "this decision or its subject is already a line of the list"
    field = "decision_id"

    def is_broken(self) -> bool:
        return self.decision_id in self.decisions or self.subject_id in self.subjects


@dataclass(frozen=True)
class LineMustBeInTheList(BusinessRule):
    present: bool
    message = "no such line in the payment list"
    field = "decision_id"

    def is_broken(self) -> bool:
        return not self.present


@dataclass(frozen=True)
class ListMustHaveLines(BusinessRule):
    count: int
    message = "an empty payment list cannot be approved"
    field = "payment_list_id"

    def is_broken(self) -> bool:
        return self.count == 0


@dataclass(frozen=True)
class ApprovalMustBeOfTheListAsShown(BusinessRule):
    seen_digest: str
    digest: str
    message = "the payment list changed since its digest was shown: review it again"
    field = "digest"

    def is_broken(self) -> bool:
        return self.seen_digest != self.digest


@dataclass(frozen=True)
class ListMustStillAwaitApproval(BusinessRule):
    approvals: int
    needed: int
    message = "the payment list is already approved"
    field = "payment_list_id"
    conflict = True  # refused because of the record's state: 409

    def is_broken(self) -> bool:
        return self.approvals >= self.needed


@dataclass(frozen=True)
class ListApproverMustNotHaveDrawnItUp(AccessRule):
    drawn_up_by: str
    user: str
    message = "you drew this payment list up: other users must approve it"
    field = "actor"

    def is_broken(self) -> bool:
        return self.user == self.drawn_up_by


@dataclass(frozen=True)
class ListApproversMustBeDifferentUsers(AccessRule):
    approvers: Collection[str]
    user: str
    message = "you have already approved this payment list: another user must"
    field = "actor"

    def is_broken(self) -> bool:
        return self.user in self.approvers


@dataclass(frozen=True)
class RemovalMustGiveAReason(BusinessRule):
    reason: str | None
    message = "removing a line from a payment list needs a reason"
    field = "reason"

    def is_broken(self) -> bool:
        return not (self.reason or "").strip()


@dataclass(frozen=True)
class ListMustNotBeWithdrawn(BusinessRule):
    withdrawn: bool
    message = "the payment list was withdrawn: draw up a new one"
    field = "payment_list_id"
    conflict = True  # refused because of the record's state: 409

    def is_broken(self) -> bool:
        return self.withdrawn


@dataclass(frozen=True)
class LinesMustStillBeTheProposalsListed(BusinessRule):
    """A line's decision cancelled (its subject gone from intake) or changed since the list
    was drawn up cannot be approved with it: remove the line before the first approval, or
    withdraw a list already approved in part and draw up a new one."""

    changed: tuple[str, ...]  # the decision ids, for the message
    message = "lines whose decision was cancelled or changed since the list was drawn up"
    field = "lines"
    conflict = True

    def is_broken(self) -> bool:
        return bool(self.changed)


@dataclass(frozen=True)
class WithdrawalMustGiveAReason(BusinessRule):
    reason: str | None
    message = "a withdrawal says why"
    field = "reason"

    def is_broken(self) -> bool:
        return not (self.reason or "").strip()
