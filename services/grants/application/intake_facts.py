"""Keeping the facts grants needs from intake's events, and acting on them: a person or
household who now qualifies gets its proposals, a person gone from intake loses theirs, and
so do the households they head.

Facts only, never personal data: ids, codes, categories, statuses, impacts, relief claims,
organisations' licensing and fields. A fact about a subject grants never heard of (its first
event not read yet) is dropped: intake publishes a subject's events in order on one key.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from uuid import UUID

from services.grants.application.ports import IntakeFacts
from services.grants.application.proposals import ProposalsFromIntake
from services.grants.domain.eligibility import (
    AssociationFacts,
    ClaimFacts,
    HouseholdFacts,
    InstitutionFacts,
    PersonFacts,
)
from services.grants.domain.eligibility_rules import ACTIVE_STATUSES

GONE = frozenset({"suspended", "exited"})  # intake's statuses that end a person's proposals
MERGED, ERASED = "merged", "erased"  # grants' own: no status intake publishes


class FactsFromIntake:
    def __init__(self, facts: IntakeFacts, proposals: ProposalsFromIntake) -> None:
        self._facts = facts
        self._proposals = proposals

    def beneficiary_enrolled(
        self,
        beneficiary_id: UUID,
        *,
        province_code: str,
        categories: frozenset[str],
        on: date,
        reason: str,
        traceparent: str | None = None,
    ) -> list[UUID]:
        person = PersonFacts(beneficiary_id, province_code, categories)
        self._facts.keep_person(person)
        return self._proposals.propose_for_person(
            person, on=on, reason=reason, traceparent=traceparent
        )

    def beneficiary_moved(self, beneficiary_id: UUID, *, province_code: str) -> None:
        """Proposals made already stay in the province they were made in: cancelling the
        open ones and proposing again in the new province would collide on the decision id
        (programme, cycle, component, subject), which is what keeps one decision per thing."""
        person = self._facts.person(beneficiary_id)
        if person is not None:
            self._facts.keep_person(replace(person, province_code=province_code))

    def beneficiary_category_recognised(
        self,
        beneficiary_id: UUID,
        *,
        category: str,
        on: date,
        reason: str,
        traceparent: str | None = None,
    ) -> list[UUID]:
        person = self._facts.person(beneficiary_id)
        if person is None:
            return []
        person = replace(person, categories=person.categories | {category})
        self._facts.keep_person(person)
        return self._proposals.propose_for_person(
            person, on=on, reason=reason, traceparent=traceparent
        )

    def beneficiary_status_changed(
        self,
        beneficiary_id: UUID,
        *,
        status: str,
        on: date,
        reason: str,
        traceparent: str | None = None,
    ) -> list[UUID]:
        """The proposals made or cancelled because of it."""
        person = self._facts.person(beneficiary_id)
        if person is None:
            return []
        person = replace(person, status=status)
        self._facts.keep_person(person)
        if status in GONE:
            return self._gone(beneficiary_id, reason, traceparent)
        return self._proposals.propose_for_person(
            person, on=on, reason=reason, traceparent=traceparent
        )

    def beneficiaries_merged(
        self,
        duplicate_id: UUID,
        *,
        survivor_id: UUID,
        reason: str,
        traceparent: str | None = None,
    ) -> list[UUID]:
        """The duplicate's own proposals are cancelled; the survivor keeps its own.

        A household the duplicate heads is the same household, its head the same person:
        intake resolves the duplicate's id to the survivor. So grants makes the survivor its
        head and the household keeps its proposals (cancelled, they could never be proposed
        again: their ids stand), unless the survivor is gone from intake too."""
        person = self._facts.person(duplicate_id)
        if person is not None:
            self._facts.keep_person(replace(person, status=MERGED))
        cancelled = self._proposals.cancel_open_proposals(
            duplicate_id, reason=reason, traceparent=traceparent
        )
        households = self._facts.households_headed_by(duplicate_id)
        for household_id in households:
            province = self._facts.household_province(household_id)
            assert province is not None
            self._facts.keep_household(household_id, head_id=survivor_id, province_code=province)
        survivor = self._facts.person(survivor_id)
        if survivor is not None and survivor.status not in ACTIVE_STATUSES:
            cancelled += self._households_cancelled(households, reason, traceparent)
        return cancelled

    def beneficiary_erased(
        self, beneficiary_id: UUID, *, reason: str, traceparent: str | None = None
    ) -> list[UUID]:
        return self._mark(beneficiary_id, ERASED, reason, traceparent)

    def household_registered(
        self, household_id: UUID, *, head_id: UUID, province_code: str
    ) -> None:
        self._facts.keep_household(household_id, head_id=head_id, province_code=province_code)

    def household_impact_recorded(
        self,
        household_id: UUID,
        *,
        province_code: str,
        disaster: str,
        evacuated: bool,
        damage: str,
        reason: str,
        traceparent: str | None = None,
    ) -> list[UUID]:
        """A later impact for the same disaster is a correction: it replaces the fact, and the
        household's undecided proposals follow it (proposals.py); a claim read first is settled."""
        self._facts.lock_household(household_id)
        impact = HouseholdFacts(household_id, province_code, disaster, evacuated, damage)
        self._facts.keep_impact(impact)
        claimed = self._facts.claim(household_id, disaster) is not None
        return self._relief(impact, claimed, reason, traceparent)

    def relief_claimed(
        self,
        household_id: UUID,
        *,
        disaster: str,
        province_code: str,
        claim_id: UUID,
        claimed_at: datetime,
        reason: str,
        traceparent: str | None = None,
    ) -> list[UUID]:
        """The family asked: checked against intake's impact now or when it comes. Both facts
        are kept under the household's lock: read at once, the one that waited sees the other."""
        self._facts.lock_household(household_id)
        claim = ClaimFacts(claim_id, household_id, disaster, province_code, claimed_at)
        self._facts.keep_claim(claim)
        return self._relief(self._facts.impact(household_id, disaster), True, reason, traceparent)

    def _relief(
        self, impact: HouseholdFacts | None, claimed: bool, reason: str, traceparent: str | None
    ) -> list[UUID]:
        """None for a household whose head intake says is gone (read apart, maybe first)."""
        if impact is None:
            return []
        head_id = self._facts.household_head(impact.household_id)
        head = None if head_id is None else self._facts.person(head_id)
        if head is not None and head.status not in ACTIVE_STATUSES:
            return []
        return self._proposals.propose_for_household(
            impact, claimed=claimed, reason=reason, traceparent=traceparent
        )

    def institution_registered(
        self,
        institution_id: UUID,
        *,
        province_code: str,
        licensing_status: str,
        managing_association_id: UUID | None,
    ) -> None:
        self._facts.keep_institution(
            InstitutionFacts(
                institution_id, province_code, licensing_status, managing_association_id
            )
        )

    def institution_licensing_changed(self, institution_id: UUID, *, status: str) -> None:
        institution = self._facts.institution(institution_id)
        if institution is not None:
            self._facts.keep_institution(replace(institution, licensing_status=status))

    def institution_manager_assigned(
        self, institution_id: UUID, *, managing_association_id: UUID
    ) -> None:
        institution = self._facts.institution(institution_id)
        if institution is not None:
            changed = replace(institution, managing_association_id=managing_association_id)
            self._facts.keep_institution(changed)

    def association_registered(
        self, association_id: UUID, *, province_code: str, fields_of_work: frozenset[str]
    ) -> None:
        self._facts.keep_association(
            AssociationFacts(association_id, province_code, fields_of_work)
        )

    def _mark(
        self, beneficiary_id: UUID, status: str, reason: str, traceparent: str | None
    ) -> list[UUID]:
        person = self._facts.person(beneficiary_id)
        if person is not None:
            self._facts.keep_person(replace(person, status=status))
        # Cancelled even without facts: the proposals are what must not stay open.
        return self._gone(beneficiary_id, reason, traceparent)

    def _gone(self, beneficiary_id: UUID, reason: str, traceparent: str | None) -> list[UUID]:
        """The person's open proposals, and those of the households they head, cancelled."""
        cancelled = self._proposals.cancel_open_proposals(
            beneficiary_id, reason=reason, traceparent=traceparent
        )
        households = self._facts.households_headed_by(beneficiary_id)
        return cancelled + self._households_cancelled(households, reason, traceparent)

    def _households_cancelled(
        self, households: list[UUID], reason: str, traceparent: str | None
    ) -> list[UUID]:
        cancelled: list[UUID] = []
        for household_id in households:
            cancelled += self._proposals.cancel_open_proposals(
                household_id, reason=f"the household's head: {reason}", traceparent=traceparent
            )
        return cancelled
