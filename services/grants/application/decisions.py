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
from services.grants.application.ports import (
    DecisionIndex,
    DecisionQuery,
    HistoryEntry,
    Records,
    Saves,
)
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
class DecisionPage:
    decisions: list[Decision]
    total: int


class Decisions:
    def __init__(
        self,
        decisions: Records[Decision],
        saves: Saves,
        ledger: EnvelopeLedger,
        index: DecisionIndex,
    ) -> None:
        self._decisions = decisions
        self._saves = saves
        self._ledger = ledger
        self._index = index

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
        """Filtered and paged by the index; only the page's decisions are loaded."""
        ids, total = self._index.decisions(query)
        return DecisionPage(self.decisions(ids), total)

    def decisions(self, decision_ids: list[UUID]) -> list[Decision]:
        """These decisions, loaded together; `NoDecision` if one does not exist."""
        found = {d.id: d for d in self._decisions.get_many(decision_ids)}
        for decision_id in decision_ids:
            if decision_id not in found:
                raise NoDecision(decision_id)
        return [found[i] for i in decision_ids]

    def unlisted_proposals(
        self, programme_id: UUID, cycle: str, province_code: str, component: str
    ) -> list[Decision]:
        """Still proposed and on none of their payment lists, oldest first."""
        return self.decisions(
            self._index.unlisted_proposals(programme_id, cycle, province_code, component)
        )

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
