"""Which household events go out, and as which integration contract. Address corrections and
erasures stay inside intake: the address never leaves it."""

from __future__ import annotations

from typing import Any

from services.intake.domain.household import Household
from shared.contracts.base import Contract
from shared.contracts.intake_households import (
    HOUSEHOLDS_TOPIC,
    HouseholdDisasterImpactRecordedV1,
    HouseholdMemberAddedV1,
    HouseholdMemberRemovedV1,
    HouseholdRegisteredV1,
)
from shared.messaging.relay import Publication


def translate(event: Any) -> Publication | None:
    payload = _payload(event)
    return Publication(HOUSEHOLDS_TOPIC, payload) if payload is not None else None


def _payload(event: Any) -> Contract | None:
    if isinstance(event, Household.Registered):
        return HouseholdRegisteredV1(
            household_id=event.originator_id,
            head_id=event.head_id,
            province_code=event.province_code,
            commune_code=event.commune_code,
        )
    if isinstance(event, Household.MemberAdded):
        return HouseholdMemberAddedV1(
            household_id=event.originator_id,
            beneficiary_id=event.beneficiary_id,
            relation=event.relation,
        )
    if isinstance(event, Household.MemberRemoved):
        return HouseholdMemberRemovedV1(
            household_id=event.originator_id, beneficiary_id=event.beneficiary_id
        )
    if isinstance(event, Household.DisasterImpactRecorded):
        return HouseholdDisasterImpactRecordedV1(
            household_id=event.originator_id,
            province_code=event.province_code,
            disaster=event.disaster,
            evacuated=event.evacuated,
            damage=event.damage,
        )
    return None
