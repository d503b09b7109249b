"""A payment list: proposals of one programme, cycle, province and component, approved together.

Before approval it shows its count, total and digest; each approver approves the digest they
were shown, and the first approval freezes the lines (a line added or changed later is refused,
so it can never be in what was approved). The list is approved once the programme's number of
users other than the one who drew it up have approved it (two for flood relief); the
application then records `Decision.approve_in_list` on each line's decision.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from services.grants.domain.actors import Actor
from services.grants.domain.decision import Decision
from services.grants.domain.decision_rules import (
    CycleMustBeOpen,
    DecidingUserMustBeAnApproverForTheProvince,
)
from services.grants.domain.payment_lines import Line, digest_of
from services.grants.domain.payment_list_rules import (
    ApprovalMustBeOfTheListAsShown,
    ComponentMustBeTheProgrammes,
    LineMustBeAProposalAwaitingApproval,
    LineMustBeInTheList,
    LineMustBelongToTheList,
    LineMustNotBeInTheListTwice,
    ListApproverMustNotHaveDrawnItUp,
    ListApproversMustBeDifferentUsers,
    ListMustHaveLines,
    ListMustNotBeApprovedYet,
    ListMustNotBeWithdrawn,
    ListMustStillAwaitApproval,
    ListNumberMustBePositive,
    RemovalMustGiveAReason,
    WithdrawalMustGiveAReason,
)
from services.grants.domain.programme import Programme
from services.grants.domain.programme_terms import Cycle
from shared.money import Money
from shared.rules import check


class PaymentList(Aggregate):
    class DrawnUp(Aggregate.Created):
        programme_id: UUID
        cycle: str
        province_code: str
        component: str
        number: int
        approvals_needed: int
        actor: str
        reason: str | None
        traceparent: str | None

    class LinesAdded(Aggregate.Event):
        lines: list[dict[str, Any]]
        actor: str
        reason: str | None
        traceparent: str | None

    class LineRemoved(Aggregate.Event):
        decision_id: UUID
        actor: str
        reason: str | None
        traceparent: str | None

    class Withdrawn(Aggregate.Event):
        """Given up before it was approved in full: its lines are free for another list."""

        actor: str
        reason: str | None
        traceparent: str | None

    class Approved(Aggregate.Event):
        """What the approver was shown and approved."""

        digest: str
        count: int
        total_centimes: int
        actor: str
        reason: str | None
        traceparent: str | None

    @staticmethod
    def create_id(
        programme_id: UUID, cycle: str, province_code: str, component: str, number: int
    ) -> UUID:
        key = f"{programme_id}:{cycle}:{province_code}:{component}:{number}"
        return uuid5(NAMESPACE_URL, f"taawun:payment-list:{key}")

    @event(DrawnUp)
    def __init__(
        self, *, programme_id: UUID, cycle: str, province_code: str, component: str,
        number: int, approvals_needed: int, actor: str, reason: str | None,
        traceparent: str | None,
    ) -> None:  # fmt: skip
        self.programme_id = programme_id
        self.cycle = cycle
        self.province_code = province_code
        self.component = component
        self.number = number
        self.approvals_needed = approvals_needed
        self.drawn_up_by = actor
        self.lines: dict[UUID, Line] = {}
        self.approvers: tuple[str, ...] = ()
        self.withdrawn = False

    @classmethod
    def draw_up(
        cls,
        programme: Programme,
        cycle: Cycle,
        province_code: str,
        component: str,
        *,
        number: int = 1,
        actor: str,
        reason: str | None = None,
        traceparent: str | None = None,
    ) -> PaymentList:
        check(
            CycleMustBeOpen(programme.is_open_in(cycle)),
            ComponentMustBeTheProgrammes(programme.terms.component(component) is not None),
            ListNumberMustBePositive(number),
        )
        return cls(
            programme_id=programme.id,
            cycle=cycle.key,
            province_code=province_code,
            component=component,
            number=number,
            approvals_needed=programme.terms.payment_list_approvals,
            actor=actor,
            reason=reason,
            traceparent=traceparent,
        )

    @property
    def count(self) -> int:
        return len(self.lines)

    @property
    def total(self) -> Money:
        return Money(sum(line.amount_centimes or 0 for line in self.lines.values()))

    @property
    def digest(self) -> str:
        return digest_of(self.lines.values())

    @property
    def is_approved(self) -> bool:
        return len(self.approvers) >= self.approvals_needed

    def add(self, decisions: Iterable[Decision], *, actor: str, trace: str | None = None) -> None:
        """All or none: one broken rule refuses the whole batch."""
        the_list = (self.programme_id, self.cycle, self.province_code, self.component)
        decided, subjects = set(self.lines), {line.subject_id for line in self.lines.values()}
        added: list[Line] = []
        check(ListMustNotBeWithdrawn(self.withdrawn), ListMustNotBeApprovedYet(len(self.approvers)))
        for d in decisions:
            check(
                LineMustBelongToTheList(
                    (d.programme_id, d.cycle, d.province_code, d.component), the_list
                ),
                LineMustBeAProposalAwaitingApproval(str(d.status)),
                LineMustNotBeInTheListTwice(d.id, d.subject_id, decided, subjects),
            )
            decided.add(d.id)
            subjects.add(d.subject_id)
            added.append(Line(d.id, d.subject_id, d.amount_centimes))
        if added:
            plain = [line.to_plain() for line in added]
            self._lines_added(lines=plain, actor=actor, reason=None, traceparent=trace)

    @event(LinesAdded)
    def _lines_added(
        self, *, lines: list[dict[str, Any]], actor: str, reason: str | None,
        traceparent: str | None,
    ) -> None:  # fmt: skip
        for plain in lines:
            line = Line.from_plain(plain)
            self.lines[line.decision_id] = line

    def remove(
        self, decision_id: UUID, *, actor: str, reason: str | None, trace: str | None = None
    ) -> None:
        check(
            ListMustNotBeWithdrawn(self.withdrawn),
            ListMustNotBeApprovedYet(len(self.approvers)),
            LineMustBeInTheList(decision_id in self.lines),
            RemovalMustGiveAReason(reason),
        )
        self._line_removed(decision_id=decision_id, actor=actor, reason=reason, traceparent=trace)

    @event(LineRemoved)
    def _line_removed(
        self, *, decision_id: UUID, actor: str, reason: str | None, traceparent: str | None
    ) -> None:
        del self.lines[decision_id]

    def approve(
        self, actor: Actor, seen_digest: str, *, reason: str | None = None, trace: str | None = None
    ) -> None:
        check(
            ListMustNotBeWithdrawn(self.withdrawn),
            ListMustStillAwaitApproval(len(self.approvers), self.approvals_needed),
            DecidingUserMustBeAnApproverForTheProvince(actor, self.province_code),
            ListApproverMustNotHaveDrawnItUp(self.drawn_up_by, actor.user),
            ListApproversMustBeDifferentUsers(self.approvers, actor.user),
            ListMustHaveLines(self.count),
            ApprovalMustBeOfTheListAsShown(seen_digest, self.digest),
        )
        self._approved(
            digest=self.digest,
            count=self.count,
            total_centimes=self.total.centimes,
            actor=actor.user,
            reason=reason,
            traceparent=trace,
        )

    @event(Approved)
    def _approved(
        self, *, digest: str, count: int, total_centimes: int, actor: str, reason: str | None,
        traceparent: str | None,
    ) -> None:  # fmt: skip
        self.approvers = (*self.approvers, actor)

    def withdraw(self, actor: Actor, *, reason: str | None, trace: str | None = None) -> None:
        """An approver of the province gives the list up (a line went stale after its first
        approval froze it, a mistake seen late); nothing was held yet."""
        check(
            ListMustNotBeWithdrawn(self.withdrawn),
            ListMustStillAwaitApproval(len(self.approvers), self.approvals_needed),
            DecidingUserMustBeAnApproverForTheProvince(actor, self.province_code),
            WithdrawalMustGiveAReason(reason),
        )
        self._withdrawn(actor=actor.user, reason=reason, traceparent=trace)

    @event(Withdrawn)
    def _withdrawn(self, *, actor: str, reason: str | None, traceparent: str | None) -> None:
        self.withdrawn = True
