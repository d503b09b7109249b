"""A decision on one proposal (proposal.py): one component of a programme's cycle for one
subject. Four eyes: approved by someone other than the proposer, authorised by a third user
above the programme's threshold (or approved with its payment list); one appeal after a
rejection. Each step is an event with who (`actor`), why (`reason`) and when."""

from __future__ import annotations

from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from services.grants.domain.actors import Actor
from services.grants.domain.decision_rules import (
    ADecisionIsAppealedOnlyOnce,
    DecidingUserMustBeAnApproverForTheProvince,
    DecisionMustBeIn,
    DecisionMustBeOpen,
    DecisionStatus,
    ListApproversMustNotHaveProposedTheLine,
    OnlyARejectionCanBeAppealed,
    ProposerMayNotDecideTheirOwnProposal,
    SecondApprovalMustComeFromAThirdUser,
    StepMustGiveAReason,
    deciding_an_appeal,
)
from shared.money import Money
from shared.rules import check

S = DecisionStatus


class Decision(Aggregate):
    class Proposed(Aggregate.Created):
        class_version = 2
        programme_id: UUID
        cycle: str
        component: str
        subject_id: UUID
        province_code: str
        amount_centimes: int | None
        items: list[str]
        needs_second_approval: bool
        # The proposer (actor, reason, this event's time) attests the person's type of
        # disability is one the programme serves; never the type itself (law 09-08).
        disability_type_attested: bool
        actor: str
        reason: str | None
        traceparent: str | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """v1 proposals came from intake's events alone, which never attest."""
            state["disability_type_attested"] = False

    class Step(Aggregate.Event):
        actor: str
        reason: str | None
        traceparent: str | None

    class Approved(Step):
        """A first approval, or the second one (`authorises`) above the threshold."""

        class_version = 2
        authorises: bool

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            # Before amendments, a first approval always came right after the proposal.
            state["authorises"] = state["originator_version"] != 2

    class ApprovedInList(Step):
        payment_list_id: UUID
        approvers: list[str]

    class Rejected(Step): ...

    class Appealed(Step): ...

    class AppealUpheld(Step): ...

    class AppealDismissed(Step): ...

    class Cancelled(Step): ...

    class Amended(Step):  # what is due changed before any decision on it (facts corrected)
        amount_centimes: int | None
        items: list[str]
        needs_second_approval: bool

    @staticmethod
    def create_id(programme_id: UUID, cycle: str, component: str, subject_id: UUID) -> UUID:
        """A second proposal of the same component, cycle and subject collides on the id."""
        return uuid5(
            NAMESPACE_URL, f"taawun:decision:{programme_id}:{cycle}:{component}:{subject_id}"
        )

    @event(Proposed)
    def __init__(
        self, *, programme_id: UUID, cycle: str, component: str, subject_id: UUID,
        province_code: str, amount_centimes: int | None, items: list[str],
        needs_second_approval: bool, disability_type_attested: bool, actor: str,
        reason: str | None, traceparent: str | None,
    ) -> None:  # fmt: skip
        self.programme_id = programme_id
        self.cycle = cycle
        self.component = component
        self.subject_id = subject_id
        self.province_code = province_code
        self.amount_centimes = amount_centimes
        self.items = tuple(items)
        self.needs_second_approval = needs_second_approval
        self.disability_type_attested = disability_type_attested
        self.proposed_by = actor
        self.status = S.PROPOSED
        self.approved_by: tuple[str, ...] = ()
        self.rejected_by: str | None = None
        self.appealed = False
        self.payment_list_id: UUID | None = None

    @property
    def amount(self) -> Money | None:
        return None if self.amount_centimes is None else Money(self.amount_centimes)

    def approve(self, actor: Actor, *, reason: str | None = None, trace: str | None = None) -> None:
        check(
            DecisionMustBeIn(self.status, (S.PROPOSED, S.AWAITING_AUTHORISATION)),
            DecidingUserMustBeAnApproverForTheProvince(actor, self.province_code),
            ProposerMayNotDecideTheirOwnProposal(self.proposed_by, actor.user),
            SecondApprovalMustComeFromAThirdUser(self.approved_by, actor.user),
        )
        authorises = bool(self.approved_by)
        self._approved(actor=actor.user, reason=reason, traceparent=trace, authorises=authorises)

    @event(Approved)
    def _approved(
        self, *, actor: str, reason: str | None, traceparent: str | None, authorises: bool
    ) -> None:
        self._count_approval(actor)

    def _count_approval(self, user: str) -> None:
        self.approved_by = (*self.approved_by, user)
        needed = 2 if self.needs_second_approval else 1
        self.status = S.APPROVED if len(self.approved_by) >= needed else S.AWAITING_AUTHORISATION

    def approve_in_list(
        self, payment_list_id: UUID, approvers: tuple[str, ...], *, actor: str,
        reason: str | None = None, trace: str | None = None,
    ) -> None:  # fmt: skip
        """Its payment list was approved (the list checked its approvers' roles)."""
        check(
            DecisionMustBeIn(self.status, (S.PROPOSED,)),
            ListApproversMustNotHaveProposedTheLine(self.proposed_by, approvers),
        )
        self._approved_in_list(
            payment_list_id=payment_list_id, approvers=list(approvers), actor=actor,
            reason=reason, traceparent=trace,
        )  # fmt: skip

    @event(ApprovedInList)
    def _approved_in_list(
        self, *, payment_list_id: UUID, approvers: list[str], actor: str, reason: str | None,
        traceparent: str | None,
    ) -> None:  # fmt: skip
        self.payment_list_id = payment_list_id
        self.approved_by = tuple(approvers)
        self.status = S.APPROVED

    def reject(self, actor: Actor, *, reason: str | None, trace: str | None = None) -> None:
        check(
            DecisionMustBeIn(self.status, (S.PROPOSED, S.AWAITING_AUTHORISATION)),
            DecidingUserMustBeAnApproverForTheProvince(actor, self.province_code),
            ProposerMayNotDecideTheirOwnProposal(self.proposed_by, actor.user),
            SecondApprovalMustComeFromAThirdUser(self.approved_by, actor.user),
            StepMustGiveAReason(reason),
        )
        self._rejected(actor=actor.user, reason=reason, traceparent=trace)

    @event(Rejected)
    def _rejected(self, *, actor: str, reason: str | None, traceparent: str | None) -> None:
        self.rejected_by = actor
        self.status = S.REJECTED

    def appeal(self, *, actor: str, reason: str | None, trace: str | None = None) -> None:
        """Recorded by whoever takes the applicant's appeal in."""
        check(
            ADecisionIsAppealedOnlyOnce(self.appealed),
            OnlyARejectionCanBeAppealed(self.status),
            StepMustGiveAReason(reason),
        )
        self._appealed(actor=actor, reason=reason, traceparent=trace)

    @event(Appealed)
    def _appealed(self, *, actor: str, reason: str | None, traceparent: str | None) -> None:
        self.appealed = True
        self.status = S.APPEALED

    def uphold_appeal(self, actor: Actor, *, reason: str | None, trace: str | None = None) -> None:
        """Upholding counts as the approval the rejection refused: above the threshold, an
        authorisation may still be needed."""
        check(*deciding_an_appeal(self, actor))
        self._appeal_upheld(actor=actor.user, reason=reason, traceparent=trace)

    @event(AppealUpheld)
    def _appeal_upheld(self, *, actor: str, reason: str | None, traceparent: str | None) -> None:
        self._count_approval(actor)

    def dismiss_appeal(self, actor: Actor, *, reason: str | None, trace: str | None = None) -> None:
        check(*deciding_an_appeal(self, actor), StepMustGiveAReason(reason))
        self._appeal_dismissed(actor=actor.user, reason=reason, traceparent=trace)

    @event(AppealDismissed)
    def _appeal_dismissed(self, *, actor: str, reason: str | None, traceparent: str | None) -> None:
        self.status = S.APPEAL_DISMISSED

    def cancel(self, *, actor: str, reason: str | None, trace: str | None = None) -> None:
        """When intake suspends, exits, merges or erases the subject (the caller releases any
        hold on the envelope and checks no order was paid)."""
        check(DecisionMustBeOpen(self.status), StepMustGiveAReason(reason))
        self._cancelled(actor=actor, reason=reason, traceparent=trace)

    @event(Cancelled)
    def _cancelled(self, *, actor: str, reason: str | None, traceparent: str | None) -> None:
        self.status = S.CANCELLED

    def amend(
        self, due: Decision, *, actor: str, reason: str | None, trace: str | None = None
    ) -> None:
        """Takes what `due` (the proposal made again from corrected facts) awards, before any
        decision on it; a payment list drawn with the old amount then has a stale line."""
        check(DecisionMustBeIn(self.status, (S.PROPOSED,)), StepMustGiveAReason(reason))
        self._amended(
            amount_centimes=due.amount_centimes, items=list(due.items),
            needs_second_approval=due.needs_second_approval, actor=actor, reason=reason,
            traceparent=trace,
        )  # fmt: skip

    @event(Amended)
    def _amended(
        self, *, amount_centimes: int | None, items: list[str], needs_second_approval: bool,
        actor: str, reason: str | None, traceparent: str | None,
    ) -> None:  # fmt: skip
        self.amount_centimes = amount_centimes
        self.items = tuple(items)
        self.needs_second_approval = needs_second_approval
