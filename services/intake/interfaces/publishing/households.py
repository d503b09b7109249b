"""Which household events go out, and as which integration contract. Address corrections and
erasures stay inside intake: the address never leaves it."""

from __future__ import annotations

from typing import Any

from services.intake.domain.household import Household
from shared.contracts.intake_households import (
    HOUSEHOLDS_TOPIC,
    HouseholdDisasterImpactRecordedV1,
    HouseholdMemberAddedV1,
    HouseholdMemberRemovedV1,
    HouseholdRegisteredV1,
)
from shared.messaging.publishing import KEPT_IN, Translators
from shared.messaging.relay import Publication


def _registered(event: Any) -> Publication:
    return Publication(
        HOUSEHOLDS_TOPIC,
        HouseholdRegisteredV1(
            household_id=event.originator_id,
            head_id=event.head_id,
            province_code=event.province_code,
            commune_code=event.commune_code,
        ),
    )


def _member_added(event: Any) -> Publication:
    return Publication(
        HOUSEHOLDS_TOPIC,
        HouseholdMemberAddedV1(
            household_id=event.originator_id,
            beneficiary_id=event.beneficiary_id,
            relation=event.relation,
        ),
    )


def _member_removed(event: Any) -> Publication:
    return Publication(
        HOUSEHOLDS_TOPIC,
        HouseholdMemberRemovedV1(
            household_id=event.originator_id, beneficiary_id=event.beneficiary_id
        ),
    )


def _disaster_impact(event: Any) -> Publication:
    return Publication(
        HOUSEHOLDS_TOPIC,
        HouseholdDisasterImpactRecordedV1(
            household_id=event.originator_id,
            province_code=event.province_code,
            disaster=event.disaster,
            evacuated=event.evacuated,
            damage=event.damage,
        ),
    )


HOUSEHOLD_EVENTS: Translators = {
    Household.Created: KEPT_IN,
    Household.Registered: _registered,
    Household.MemberAdded: _member_added,
    Household.MemberRemoved: _member_removed,
    Household.DisasterImpactRecorded: _disaster_impact,
    Household.AddressCorrected: KEPT_IN,
    Household.AddressErased: KEPT_IN,
}
