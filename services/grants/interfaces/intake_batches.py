"""Grants' batch reactions to the surge's messages (relief claims, households and their
impacts, enrolments): a run of them translated at once and applied by `FactsInBulkFromIntake`,
leaving what the single reactions in `intake_consumers.py` leave (the consumer falls back to
those when a run fails)."""

from __future__ import annotations

from collections.abc import Sequence

from services.grants.application.bulk_ports import HouseholdRegistration
from services.grants.application.facts_in_bulk import (
    ClaimRead,
    FactsInBulkFromIntake,
    ImpactRead,
    Why,
)
from services.grants.application.proposals_in_bulk import PersonAid
from services.grants.domain.eligibility import ClaimFacts, HouseholdFacts, PersonFacts
from services.grants.interfaces.intake_consumers import why_of
from shared.contracts.intake import BeneficiaryEnrolledV2
from shared.contracts.intake_claims import ReliefClaimedV1
from shared.contracts.intake_households import (
    HouseholdDisasterImpactRecordedV1,
    HouseholdRegisteredV1,
)
from shared.messaging.deliveries import BatchEffect, Traced


def _why(message: Traced) -> Why:
    return Why(why_of(message.event), message.traceparent)


def intake_batches(facts: FactsInBulkFromIntake) -> dict[str, BatchEffect]:
    def claimed(messages: Sequence[Traced], _: object) -> None:
        reads = []
        for m in messages:
            p = m.event.payload
            assert isinstance(p, ReliefClaimedV1)
            claim = ClaimFacts(
                p.claim_id, p.household_id, p.disaster, p.province_code, p.claimed_at
            )
            reads.append(ClaimRead(claim, _why(m)))
        facts.relief_claimed(reads)

    def households_recorded(messages: Sequence[Traced], _: object) -> None:
        recorded: list[HouseholdRegistration | ImpactRead] = []
        for m in messages:
            p = m.event.payload
            if isinstance(p, HouseholdRegisteredV1):
                recorded.append(HouseholdRegistration(p.household_id, p.head_id, p.province_code))
                continue
            assert isinstance(p, HouseholdDisasterImpactRecordedV1)
            impact = HouseholdFacts(
                p.household_id, p.province_code, p.disaster, p.evacuated, p.damage
            )
            recorded.append(ImpactRead(impact, _why(m)))
        facts.households_recorded(recorded)

    def enrolled(messages: Sequence[Traced], _: object) -> None:
        aids = []
        for m in messages:
            p = m.event.payload
            assert isinstance(p, BeneficiaryEnrolledV2)
            person = PersonFacts(p.beneficiary_id, p.province_code, frozenset(p.categories))
            on = m.event.envelope.occurred_at.date()
            aids.append(PersonAid(person, on, why_of(m.event), m.traceparent))
        facts.beneficiaries_enrolled(aids)

    return {
        ReliefClaimedV1.TYPE: claimed,
        # One batch effect for both: a census sends each household's registration and
        # impacts one after the other, which would make runs of one.
        HouseholdRegisteredV1.TYPE: households_recorded,
        HouseholdDisasterImpactRecordedV1.TYPE: households_recorded,
        BeneficiaryEnrolledV2.TYPE: enrolled,
    }
