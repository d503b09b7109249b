"""Proposals grants makes itself from intake's facts, and their cancellation when intake says
the person is gone (suspended, exited, merged into another record, erased).

One decision per (programme, cycle, component, subject): its id is derived from them, so a
fact delivered twice finds the proposal made the first time and leaves it be. A household's
corrected impact follows into its proposals nobody has decided on yet: one of another amount
is amended, one no longer due is cancelled (a decision already taken stands: a person settles
it). A payment list drawn up before the correction then has a stale line (payment_lines.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

from services.grants.application.envelopes import EnvelopeLedger, NoEnvelope
from services.grants.application.ports import ProgrammeCatalogue, Proposals
from services.grants.domain.decision import Decision
from services.grants.domain.decision_rules import OPEN_STATUSES, DecisionStatus
from services.grants.domain.eligibility import (
    Assessment,
    HouseholdFacts,
    PersonFacts,
    assess_household,
    assess_person,
)
from services.grants.domain.envelope import Envelope
from services.grants.domain.envelope_rules import HoldStatus
from services.grants.domain.programme import Programme
from services.grants.domain.programme_terms import Cycle, CycleKind, ProgrammeKind
from services.grants.domain.proposal import propose

SYSTEM = "grants"  # the actor of what grants does by itself, from other services' events
Known = Callable[[UUID], Decision | None]  # a decision by its id; None: not proposed yet


def person_cycle(programme: Programme, on: date) -> Cycle | None:
    """The cycle a person's fact of `on` falls in: that fiscal year, or that month."""
    kind = programme.terms.cycle_kind
    if kind is CycleKind.FISCAL_YEAR:
        return Cycle.fiscal_year(on.year)
    if kind is CycleKind.MONTH:
        return Cycle.month(on.year, on.month)
    return None


class ProposalsFromIntake:
    def __init__(
        self, programmes: ProgrammeCatalogue, proposals: Proposals, envelopes: EnvelopeLedger
    ) -> None:
        self._programmes = programmes
        self._proposals = proposals
        self._envelopes = envelopes

    def propose_for_person(
        self, person: PersonFacts, *, on: date, reason: str, traceparent: str | None = None
    ) -> list[UUID]:
        """The new proposals' ids: every component due in every person programme whose cycle
        of `on` is open."""
        programmes = self._programmes.programmes()
        return self._add(
            self._for_person(person, on, reason, traceparent, programmes, self._proposals.get)
        )

    def _for_person(
        self,
        person: PersonFacts,
        on: date,
        reason: str,
        traceparent: str | None,
        programmes: list[Programme],
        known: Known,
    ) -> list[Decision]:
        proposed: list[Decision] = []
        for programme in programmes:
            cycle = person_cycle(programme, on)
            if programme.terms.kind is not ProgrammeKind.AID_TO_PERSON or cycle is None:
                continue
            assessment = assess_person(programme.terms, person)
            proposed += self._due(programme, cycle, assessment, reason, traceparent, known)
        return proposed

    def propose_for_household(
        self,
        household: HouseholdFacts,
        *,
        claimed: bool,
        reason: str,
        traceparent: str | None = None,
    ) -> list[UUID]:
        """The new proposals' ids: every component due in the programmes for the household's
        disaster, each in the disaster's cycle. `claimed`: the household claimed relief for
        it, which a programme proposed on a claim waits for (`HouseholdMustHaveClaimed`)."""
        proposed, changed = self._for_household(
            household,
            claimed,
            reason,
            traceparent,
            self._programmes.programmes(),
            self._proposals.get,
        )
        if changed:
            self._proposals.save(*changed)
        return self._add(proposed)

    def _for_household(
        self,
        household: HouseholdFacts,
        claimed: bool,
        reason: str,
        traceparent: str | None,
        programmes: list[Programme],
        known: Known,
    ) -> tuple[list[Decision], list[Decision]]:
        """The new proposals, and the undecided ones changed to follow the household's facts."""
        if household.disaster is None:
            return [], []
        cycle = Cycle.disaster(household.disaster)
        proposed: list[Decision] = []
        changed: list[Decision] = []
        for programme in programmes:
            if programme.terms.kind is not ProgrammeKind.AID_TO_HOUSEHOLD:
                continue
            assessment = assess_household(programme.terms, household, claimed=claimed)
            proposed += self._due(programme, cycle, assessment, reason, traceparent, known)
            changed += self._follow(programme, cycle, assessment, reason, traceparent, known)
        return proposed, changed

    def _follow(
        self,
        programme: Programme,
        cycle: Cycle,
        assessment: Assessment,
        reason: str,
        traceparent: str | None,
        known: Known,
    ) -> list[Decision]:
        """The subject's undecided proposals in this programme's cycle, brought in line with
        what the assessment now awards: those changed."""
        if not programme.is_open_in(cycle):
            return []
        changed: list[Decision] = []
        for component in programme.terms.components:
            decision = known(
                Decision.create_id(programme.id, cycle.key, component.code, assessment.subject_id)
            )
            if decision is None or decision.status is not DecisionStatus.PROPOSED:
                continue
            if not assessment.eligible or assessment.award_for(component.code) is None:
                decision.cancel(actor=SYSTEM, reason=f"no longer due: {reason}", trace=traceparent)
                changed.append(decision)
                continue
            due = propose(programme, cycle, assessment, component.code, actor=SYSTEM)
            now = (due.amount_centimes, due.items, due.needs_second_approval)
            if now != (decision.amount_centimes, decision.items, decision.needs_second_approval):
                decision.amend(due, actor=SYSTEM, reason=f"corrected: {reason}", trace=traceparent)
                changed.append(decision)
        return changed

    def cancel_open_proposals(
        self, subject_id: UUID, *, reason: str, traceparent: str | None = None
    ) -> list[UUID]:
        """Cancel the subject's open decisions and release what their envelope holds for
        them. One already paid (its hold posted) is left for a person to settle."""
        cancelled: list[Decision] = []
        for decision_id in self._proposals.of_subject(subject_id):
            decision = self._proposals.get(decision_id)
            if decision is None or decision.status not in OPEN_STATUSES:
                continue
            envelope = self._envelope_holding(decision)
            hold = None if envelope is None else envelope.hold_status(decision.id)
            if hold is HoldStatus.POSTED:
                continue
            decision.cancel(actor=SYSTEM, reason=reason, trace=traceparent)
            if envelope is not None and hold is HoldStatus.OPEN:
                self._envelopes.release_hold(
                    envelope.id, hold_id=decision.id, actor=SYSTEM, reason=reason
                )
            cancelled.append(decision)
        if cancelled:
            self._proposals.save(*cancelled)
        return [d.id for d in cancelled]

    def _due(
        self,
        programme: Programme,
        cycle: Cycle,
        assessment: Assessment,
        reason: str,
        traceparent: str | None,
        known: Known,
    ) -> list[Decision]:
        if not assessment.eligible or not programme.is_open_in(cycle):
            return []
        return [
            propose(
                programme,
                cycle,
                assessment,
                award.component,
                actor=SYSTEM,
                reason=reason,
                traceparent=traceparent,
            )
            for award in assessment.awards
            # Proposed already (a redelivery, a correction): that one stands.
            if known(
                Decision.create_id(programme.id, cycle.key, award.component, assessment.subject_id)
            )
            is None
        ]

    def _add(self, proposed: list[Decision]) -> list[UUID]:
        if proposed:
            self._proposals.add(*proposed)
        return [d.id for d in proposed]

    def _envelope_holding(self, decision: Decision) -> Envelope | None:
        if decision.amount is None:
            return None  # in kind: nothing is held
        envelope_id = Envelope.create_id(
            decision.programme_id, decision.cycle, decision.province_code
        )
        try:
            return self._envelopes.envelope(envelope_id)
        except NoEnvelope:
            return None
