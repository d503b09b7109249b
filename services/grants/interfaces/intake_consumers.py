"""Grants' reactions to intake's beneficiaries, households, relief claims and organisations:
translate the contract, call one use case of `FactsFromIntake`.

Each runs inside the inbox's transaction, so the facts, the proposals they lead to and the
inbox row commit together, and a message delivered twice is applied once.
"""

from __future__ import annotations

from collections.abc import Callable

from services.grants.application.intake_facts import FactsFromIntake
from shared.contracts import DecodedEvent
from shared.contracts.intake import (
    BeneficiariesMergedV1,
    BeneficiaryCategoryRecognisedV1,
    BeneficiaryEnrolledV2,
    BeneficiaryMovedV1,
    BeneficiaryPersonalDataErasedV1,
    BeneficiaryStatusChangedV1,
)
from shared.contracts.intake_claims import ReliefClaimedV1
from shared.contracts.intake_households import (
    HouseholdDisasterImpactRecordedV1,
    HouseholdRegisteredV1,
)
from shared.contracts.intake_organisations import (
    AssociationRegisteredV1,
    InstitutionLicensingChangedV1,
    InstitutionManagerAssignedV1,
    InstitutionRegisteredV1,
)
from shared.tracing import current_traceparent

Reaction = Callable[[DecodedEvent, object], None]


def why_of(event: DecodedEvent) -> str:
    """The reason each step records: which of intake's events caused it."""
    return f"intake {event.type} {event.envelope.event_id}"


def intake_effects(facts: FactsFromIntake) -> dict[str, Reaction]:
    def enrolled(event: DecodedEvent, _: object) -> None:
        p = event.payload
        assert isinstance(p, BeneficiaryEnrolledV2)
        facts.beneficiary_enrolled(
            p.beneficiary_id,
            province_code=p.province_code,
            categories=frozenset(p.categories),
            on=event.envelope.occurred_at.date(),
            reason=why_of(event),
            traceparent=current_traceparent(),
        )

    def moved(event: DecodedEvent, _: object) -> None:
        p = event.payload
        assert isinstance(p, BeneficiaryMovedV1)
        facts.beneficiary_moved(p.beneficiary_id, province_code=p.province_code)

    def category_recognised(event: DecodedEvent, _: object) -> None:
        p = event.payload
        assert isinstance(p, BeneficiaryCategoryRecognisedV1)
        facts.beneficiary_category_recognised(
            p.beneficiary_id,
            category=p.category,
            on=event.envelope.occurred_at.date(),
            reason=why_of(event),
            traceparent=current_traceparent(),
        )

    def status_changed(event: DecodedEvent, _: object) -> None:
        p = event.payload
        assert isinstance(p, BeneficiaryStatusChangedV1)
        facts.beneficiary_status_changed(
            p.beneficiary_id,
            status=p.status,
            on=event.envelope.occurred_at.date(),
            reason=why_of(event),
            traceparent=current_traceparent(),
        )

    def merged(event: DecodedEvent, _: object) -> None:
        p = event.payload
        assert isinstance(p, BeneficiariesMergedV1)
        facts.beneficiaries_merged(
            p.duplicate_id,
            survivor_id=p.survivor_id,
            reason=why_of(event),
            traceparent=current_traceparent(),
        )

    def erased(event: DecodedEvent, _: object) -> None:
        p = event.payload
        assert isinstance(p, BeneficiaryPersonalDataErasedV1)
        facts.beneficiary_erased(
            p.beneficiary_id, reason=why_of(event), traceparent=current_traceparent()
        )

    def household_registered(event: DecodedEvent, _: object) -> None:
        p = event.payload
        assert isinstance(p, HouseholdRegisteredV1)
        facts.household_registered(p.household_id, head_id=p.head_id, province_code=p.province_code)

    def impact_recorded(event: DecodedEvent, _: object) -> None:
        p = event.payload
        assert isinstance(p, HouseholdDisasterImpactRecordedV1)
        facts.household_impact_recorded(
            p.household_id,
            province_code=p.province_code,
            disaster=p.disaster,
            evacuated=p.evacuated,
            damage=p.damage,
            reason=why_of(event),
            traceparent=current_traceparent(),
        )

    def relief_claimed(event: DecodedEvent, _: object) -> None:
        p = event.payload
        assert isinstance(p, ReliefClaimedV1)
        facts.relief_claimed(
            p.household_id,
            disaster=p.disaster,
            province_code=p.province_code,
            claim_id=p.claim_id,
            claimed_at=p.claimed_at,
            reason=why_of(event),
            traceparent=current_traceparent(),
        )

    def institution_registered(event: DecodedEvent, _: object) -> None:
        p = event.payload
        assert isinstance(p, InstitutionRegisteredV1)
        facts.institution_registered(
            p.institution_id,
            province_code=p.province_code,
            licensing_status=p.licensing_status,
            managing_association_id=p.managing_association_id,
        )

    def licensing_changed(event: DecodedEvent, _: object) -> None:
        p = event.payload
        assert isinstance(p, InstitutionLicensingChangedV1)
        facts.institution_licensing_changed(p.institution_id, status=p.status)

    def manager_assigned(event: DecodedEvent, _: object) -> None:
        p = event.payload
        assert isinstance(p, InstitutionManagerAssignedV1)
        facts.institution_manager_assigned(
            p.institution_id, managing_association_id=p.managing_association_id
        )

    def association_registered(event: DecodedEvent, _: object) -> None:
        p = event.payload
        assert isinstance(p, AssociationRegisteredV1)
        facts.association_registered(
            p.association_id,
            province_code=p.province_code,
            fields_of_work=frozenset(p.fields_of_work),
        )

    return {
        BeneficiaryEnrolledV2.TYPE: enrolled,
        BeneficiaryMovedV1.TYPE: moved,
        BeneficiaryCategoryRecognisedV1.TYPE: category_recognised,
        BeneficiaryStatusChangedV1.TYPE: status_changed,
        BeneficiariesMergedV1.TYPE: merged,
        BeneficiaryPersonalDataErasedV1.TYPE: erased,
        HouseholdRegisteredV1.TYPE: household_registered,
        HouseholdDisasterImpactRecordedV1.TYPE: impact_recorded,
        ReliefClaimedV1.TYPE: relief_claimed,
        InstitutionRegisteredV1.TYPE: institution_registered,
        InstitutionLicensingChangedV1.TYPE: licensing_changed,
        InstitutionManagerAssignedV1.TYPE: manager_assigned,
        AssociationRegisteredV1.TYPE: association_registered,
    }
