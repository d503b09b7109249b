"""Payment lists: a caseworker of the province draws up the open proposals of one programme,
cycle, province and component; approvers approve the digest they were shown. The approval
that completes the list approves each line's decision and holds the list's total on the
envelope (one hold per line, all in one save or none: 409 if the envelope cannot cover it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from services.grants.application.applications import ProposerMustBeACaseworkerForTheProvince
from services.grants.application.decisions import Decisions
from services.grants.application.envelopes import EnvelopeLedger
from services.grants.application.holds import save_holding
from services.grants.application.ports import (
    HistoryEntry,
    PaymentListIndex,
    Provinces,
    Records,
    Saves,
)
from services.grants.application.programmes import ProgrammeCatalogue
from services.grants.domain.actors import Actor
from services.grants.domain.decision import Decision
from services.grants.domain.payment_lines import stale_lines
from services.grants.domain.payment_list import PaymentList
from services.grants.domain.payment_list_rules import LinesMustStillBeTheProposalsListed
from services.grants.domain.programme_terms import Cycle
from shared.rules import BusinessRule, check


@dataclass(frozen=True)
class ProvinceMustBeKnown(BusinessRule):
    known: bool
    message = "no such province or prefecture"
    field = "province_code"

    def is_broken(self) -> bool:
        return not self.known


class NoPaymentList(LookupError):
    def __init__(self, payment_list_id: UUID) -> None:
        super().__init__(f"no payment list {payment_list_id}")
        self.payment_list_id = payment_list_id


@dataclass(frozen=True)
class NewPaymentList:
    programme_id: UUID
    cycle: str
    province_code: str
    component: str
    decision_ids: list[UUID] | None = None  # None: every proposal not in another list


class PaymentLists:
    def __init__(
        self,
        lists: Records[PaymentList],
        saves: Saves,
        programmes: ProgrammeCatalogue,
        decisions: Decisions,
        ledger: EnvelopeLedger,
        provinces: Provinces | None = None,
        *,
        index: PaymentListIndex,
    ) -> None:
        self._index = index
        self._provinces = provinces
        self._lists = lists
        self._saves = saves
        self._programmes = programmes
        self._decisions = decisions
        self._ledger = ledger

    def draw_up(self, new: NewPaymentList, actor: Actor) -> PaymentList:
        if self._provinces is not None:
            check(ProvinceMustBeKnown(self._provinces.known(new.province_code)))
        check(ProposerMustBeACaseworkerForTheProvince(actor, new.province_code))
        programme = self._programmes.programme(new.programme_id)
        cycle = Cycle(programme.terms.cycle_kind, new.cycle)
        key = (new.programme_id, new.cycle, new.province_code, new.component)
        payment_list = PaymentList.draw_up(
            programme, cycle, new.province_code, new.component,
            number=self._index.last_number(*key) + 1, actor=actor.user,
        )  # fmt: skip
        if new.decision_ids is None:
            lines = self._decisions.unlisted_proposals(*key)
        else:
            lines = [self._decisions.decision(d) for d in new.decision_ids]
        lines.sort(key=lambda d: (d.created_on, str(d.id)))
        payment_list.add(lines, actor=actor.user)
        self._saves.save(payment_list)
        return payment_list

    def approve(
        self, payment_list_id: UUID, actor: Actor, *, digest: str, reason: str | None
    ) -> PaymentList:
        payment_list = self.payment_list(payment_list_id)
        payment_list.approve(actor, digest, reason=reason)
        lines = self._decisions.decisions(list(payment_list.lines))
        check(LinesMustStillBeTheProposalsListed(stale_lines(payment_list.lines, lines)))
        approved: list[Decision] = []
        if payment_list.is_approved:
            for decision in lines:
                decision.approve_in_list(
                    payment_list.id, payment_list.approvers, actor=actor.user, reason=reason
                )
            approved = lines
        save_holding(
            self._ledger,
            self._saves,
            [payment_list, *approved],
            approved=approved,
            actor=actor.user,
            reason=f"payment list {payment_list.id} approved",
        )
        return payment_list

    def remove_line(
        self, payment_list_id: UUID, decision_id: UUID, actor: Actor, *, reason: str | None
    ) -> PaymentList:
        """Before the first approval, a caseworker of the province takes a line out (its
        decision cancelled since, or listed by mistake); it is free for another list."""
        payment_list = self.payment_list(payment_list_id)
        check(ProposerMustBeACaseworkerForTheProvince(actor, payment_list.province_code))
        payment_list.remove(decision_id, actor=actor.user, reason=reason)
        self._saves.save(payment_list)
        return payment_list

    def withdraw(self, payment_list_id: UUID, actor: Actor, *, reason: str | None) -> PaymentList:
        payment_list = self.payment_list(payment_list_id)
        payment_list.withdraw(actor, reason=reason)
        self._saves.save(payment_list)
        return payment_list

    def payment_list(self, payment_list_id: UUID, *, as_of: datetime | None = None) -> PaymentList:
        found = self._lists.get(payment_list_id, as_of=as_of)
        if found is None:
            raise NoPaymentList(payment_list_id)
        return found

    def history(self, payment_list_id: UUID) -> list[HistoryEntry]:
        return self._lists.history(payment_list_id)

    def find(
        self,
        provinces: frozenset[str] | None,
        *,
        programme_id: UUID | None = None,
        cycle: str | None = None,
        component: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[list[PaymentList], int]:
        ids, total = self._index.payment_lists(
            provinces,
            programme_id=programme_id,
            cycle=cycle,
            component=component,
            limit=limit,
            offset=offset,
        )
        return self._lists.get_many(ids), total
