"""Proposals for many households or persons at once, as `ProposalsFromIntake` makes them one
after another: the programmes read once, every decision they could touch read in one go, the
new ones added together. A later one in the batch sees what an earlier one proposed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from services.grants.application.bulk_ports import ProposalsInBulk
from services.grants.application.envelopes import EnvelopeLedger
from services.grants.application.ports import ProgrammeCatalogue
from services.grants.application.proposals import ProposalsFromIntake, person_cycle
from services.grants.domain.decision import Decision
from services.grants.domain.eligibility import HouseholdFacts, PersonFacts
from services.grants.domain.programme import Programme
from services.grants.domain.programme_terms import Cycle, ProgrammeKind


@dataclass(frozen=True)
class HouseholdRelief:
    """A household to propose for, as `propose_for_household` takes it."""

    household: HouseholdFacts
    claimed: bool
    reason: str
    traceparent: str | None


@dataclass(frozen=True)
class PersonAid:
    """A person to propose for, as `propose_for_person` takes them."""

    person: PersonFacts
    on: date
    reason: str
    traceparent: str | None


class ProposalsInBulkFromIntake(ProposalsFromIntake):
    def __init__(
        self, programmes: ProgrammeCatalogue, proposals: ProposalsInBulk, envelopes: EnvelopeLedger
    ) -> None:
        super().__init__(programmes, proposals, envelopes)
        self._bulk = proposals

    def propose_for_households(self, households: Sequence[HouseholdRelief]) -> list[UUID]:
        """The new proposals' ids, for each household in turn."""
        programmes = self._programmes.programmes()
        known = self._bulk.get_many(
            [
                _decision_id(
                    p, Cycle.disaster(h.household.disaster), c.code, h.household.household_id
                )
                for h in households
                if h.household.disaster is not None
                for p in programmes
                if p.terms.kind is ProgrammeKind.AID_TO_HOUSEHOLD
                for c in p.terms.components
            ]
        )
        proposed: list[Decision] = []
        changed: list[Decision] = []
        for h in households:
            new, amended = self._for_household(
                h.household, h.claimed, h.reason, h.traceparent, programmes, known.get
            )
            known.update((d.id, d) for d in new)
            proposed += new
            changed += amended
        return self._stored(proposed, changed)

    def propose_for_persons(self, persons: Sequence[PersonAid]) -> list[UUID]:
        """The new proposals' ids, for each person in turn."""
        programmes = self._programmes.programmes()
        known = self._bulk.get_many(
            [
                _decision_id(p, cycle, c.code, a.person.beneficiary_id)
                for a in persons
                for p in programmes
                if p.terms.kind is ProgrammeKind.AID_TO_PERSON
                and (cycle := person_cycle(p, a.on)) is not None
                for c in p.terms.components
            ]
        )
        proposed: list[Decision] = []
        for a in persons:
            new = self._for_person(a.person, a.on, a.reason, a.traceparent, programmes, known.get)
            known.update((d.id, d) for d in new)
            proposed += new
        return self._stored(proposed, [])

    def _stored(self, proposed: list[Decision], changed: list[Decision]) -> list[UUID]:
        # One proposed in this batch and changed later in it is added with all its events.
        new = {d.id for d in proposed}
        amended = {d.id: d for d in changed if d.id not in new}
        if amended:
            self._proposals.save(*amended.values())
        return self._add(proposed)


def _decision_id(programme: Programme, cycle: Cycle, component: str, subject_id: UUID) -> UUID:
    return Decision.create_id(programme.id, cycle.key, component, subject_id)
