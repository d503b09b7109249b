"""Many of intake's messages of one kind at once (the consumer's batch effects), leaving what
`FactsFromIntake` leaves applying them one after another: the households locked together in
one order, each kind of fact read and written in one go, the proposals made in bulk.

Its speed is the surge's: a relief claim applied alone reads and writes row by row (a dozen
statements), which capped grants at a few hundred claims a second on one core.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from services.grants.application.bulk_ports import HouseholdRegistration, IntakeFactsInBulk
from services.grants.application.proposals_in_bulk import (
    HouseholdRelief,
    PersonAid,
    ProposalsInBulkFromIntake,
)
from services.grants.domain.eligibility import ClaimFacts, HouseholdFacts
from services.grants.domain.eligibility_rules import ACTIVE_STATUSES


@dataclass(frozen=True)
class Why:
    """Why grants acts (which of intake's events) and the trace it records."""

    reason: str
    traceparent: str | None


@dataclass(frozen=True)
class ClaimRead:
    claim: ClaimFacts
    why: Why


@dataclass(frozen=True)
class ImpactRead:
    impact: HouseholdFacts
    why: Why


class FactsInBulkFromIntake:
    def __init__(self, facts: IntakeFactsInBulk, proposals: ProposalsInBulkFromIntake) -> None:
        self._facts = facts
        self._proposals = proposals

    def relief_claimed(self, claims: Sequence[ClaimRead]) -> list[UUID]:
        """`FactsFromIntake.relief_claimed` for each claim in turn."""
        self._facts.lock_households([c.claim.household_id for c in claims])
        self._facts.keep_claims([c.claim for c in claims])
        impacts = self._facts.impacts([(c.claim.household_id, c.claim.disaster) for c in claims])
        reliefs = [
            HouseholdRelief(impact, True, c.why.reason, c.why.traceparent)
            for c in claims
            if (impact := impacts.get((c.claim.household_id, c.claim.disaster))) is not None
        ]
        return self._relief(reliefs)

    def impacts_recorded(self, impacts: Sequence[ImpactRead]) -> list[UUID]:
        """`FactsFromIntake.household_impact_recorded` for each impact in turn."""
        self._facts.lock_households([i.impact.household_id for i in impacts])
        self._facts.keep_impacts([i.impact for i in impacts])
        claims = self._facts.claims([_key(i.impact) for i in impacts])
        return self._relief(
            [
                HouseholdRelief(i.impact, _key(i.impact) in claims, i.why.reason, i.why.traceparent)
                for i in impacts
            ]
        )

    def households_recorded(self, recorded: Sequence[HouseholdRegistration | ImpactRead]) -> None:
        """`household_registered` and `household_impact_recorded` in turn, as a census
        interleaves them: registrations kept before the impacts they precede, cut where one
        follows an impact of its household (that impact saw the head before it)."""
        registered: list[HouseholdRegistration] = []
        impacts: list[ImpactRead] = []
        impacted: set[UUID] = set()
        for r in recorded:
            if isinstance(r, HouseholdRegistration):
                if r.household_id in impacted:
                    self._households_then_impacts(registered, impacts)
                    registered, impacts, impacted = [], [], set()
                registered.append(r)
            else:
                impacts.append(r)
                impacted.add(r.impact.household_id)
        self._households_then_impacts(registered, impacts)

    def _households_then_impacts(
        self, registered: list[HouseholdRegistration], impacts: list[ImpactRead]
    ) -> None:
        if registered:
            self._facts.keep_households(registered)
        if impacts:
            self.impacts_recorded(impacts)

    def beneficiaries_enrolled(self, enrolments: Sequence[PersonAid]) -> list[UUID]:
        """`FactsFromIntake.beneficiary_enrolled` for each enrolment in turn."""
        self._facts.keep_persons([e.person for e in enrolments])
        return self._proposals.propose_for_persons(enrolments)

    def _relief(self, reliefs: list[HouseholdRelief]) -> list[UUID]:
        """Those whose head intake says is gone left out (read apart, maybe first)."""
        heads = self._facts.household_heads([r.household.household_id for r in reliefs])
        persons = self._facts.persons(sorted(set(heads.values())))
        gone = {
            household_id
            for household_id, head_id in heads.items()
            if (head := persons.get(head_id)) is not None and head.status not in ACTIVE_STATUSES
        }
        return self._proposals.propose_for_households(
            [r for r in reliefs if r.household.household_id not in gone]
        )


def _key(impact: HouseholdFacts) -> tuple[UUID, str]:
    assert impact.disaster is not None  # intake's impacts name their disaster
    return impact.household_id, impact.disaster
