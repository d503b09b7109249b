"""Decisions through their four-eyes path: approve, authorise, reject, appeal once, decide the
appeal. An approval that makes a cash decision approved holds its amount on the envelope
first (holds.py): refused there, the decision stays as it was."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from services.grants.application.envelopes import EnvelopeLedger
from services.grants.application.holds import save_holding
from services.grants.application.ports import HistoryEntry, Records, Saves
from services.grants.domain.actors import CASEWORKER, Actor
from services.grants.domain.decision import Decision
from services.grants.domain.decision_rules import AccessRule, DecisionMustBeIn, DecisionStatus
from shared.rules import check


class NoDecision(LookupError):
    def __init__(self, decision_id: UUID) -> None:
        super().__init__(f"no decision {decision_id}")
        self.decision_id = decision_id


@dataclass(frozen=True)
class AppealMustBeTakenInByACaseworkerForTheProvince(AccessRule):
    actor: Actor
    province_code: str
    message = "an appeal is recorded by a caseworker of the decision's province"
    field = "province_code"

    def is_broken(self) -> bool:
        return not self.actor.acts_as(CASEWORKER, self.province_code)


@dataclass(frozen=True)
class DecisionQuery:
    provinces: frozenset[str] | None  # None: every province
    programme_id: UUID | None = None
    cycle: str | None = None
    component: str | None = None
    status: DecisionStatus | None = None
    subject_id: UUID | None = None
    limit: int = 50
    offset: int = 0

    def matches(self, d: Decision) -> bool:
        wanted = (
            (self.provinces, d.province_code),
            (self.programme_id, d.programme_id),
            (self.cycle, d.cycle),
            (self.component, d.component),
            (self.status, d.status),
            (self.subject_id, d.subject_id),
        )
        for filter_, value in wanted:
            if filter_ is None:
                continue
            if isinstance(filter_, frozenset):
                if value not in filter_:
                    return False
            elif value != filter_:
                return False
        return True


@dataclass(frozen=True)
class DecisionPage:
    decisions: list[Decision]
    total: int


class Decisions:
    def __init__(self, decisions: Records[Decision], saves: Saves, ledger: EnvelopeLedger):
        self._decisions = decisions
        self._saves = saves
        self._ledger = ledger

    def decision(self, decision_id: UUID, *, as_of: datetime | None = None) -> Decision:
        found = self._decisions.get(decision_id, as_of=as_of)
        if found is None:
            raise NoDecision(decision_id)
        return found

    def history(self, decision_id: UUID) -> list[HistoryEntry]:
        return self._decisions.history(decision_id)

    def all(self) -> list[Decision]:
        return self._decisions.all()

    def find(self, query: DecisionQuery) -> DecisionPage:
        found = [d for d in self._decisions.all() if query.matches(d)]
        found.sort(key=lambda d: (d.created_on, str(d.id)))
        page = found[query.offset : query.offset + query.limit]
        return DecisionPage(page, len(found))

    def approve(self, decision_id: UUID, actor: Actor, *, reason: str | None) -> Decision:
        return self._step(decision_id, actor, lambda d: d.approve(actor, reason=reason))

    def authorise(self, decision_id: UUID, actor: Actor, *, reason: str | None) -> Decision:
        """The second approval, by a third user, of a decision above the threshold."""

        def act(d: Decision) -> None:
            check(DecisionMustBeIn(d.status, (DecisionStatus.AWAITING_AUTHORISATION,)))
            d.approve(actor, reason=reason)

        return self._step(decision_id, actor, act)

    def reject(self, decision_id: UUID, actor: Actor, *, reason: str | None) -> Decision:
        return self._step(decision_id, actor, lambda d: d.reject(actor, reason=reason))

    def appeal(self, decision_id: UUID, actor: Actor, *, reason: str | None) -> Decision:
        def act(d: Decision) -> None:
            check(AppealMustBeTakenInByACaseworkerForTheProvince(actor, d.province_code))
            d.appeal(actor=actor.user, reason=reason)

        return self._step(decision_id, actor, act)

    def decide_appeal(
        self, decision_id: UUID, actor: Actor, *, uphold: bool, reason: str | None
    ) -> Decision:
        def act(d: Decision) -> None:
            if uphold:
                d.uphold_appeal(actor, reason=reason)
            else:
                d.dismiss_appeal(actor, reason=reason)

        return self._step(decision_id, actor, act)

    def _step(self, decision_id: UUID, actor: Actor, act: Callable[[Decision], None]) -> Decision:
        decision = self.decision(decision_id)
        was = decision.status
        act(decision)
        newly_approved = [decision] if was is not decision.status else []
        save_holding(
            self._ledger,
            self._saves,
            [decision],
            approved=newly_approved,
            actor=actor.user,
            reason=f"decision {decision.id} approved",
        )
        return decision
