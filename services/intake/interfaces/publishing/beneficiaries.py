"""Which beneficiary events go out, and as which integration contract."""

from __future__ import annotations

from typing import Any

from services.intake.domain.beneficiary import Beneficiary
from shared.contracts.base import Contract
from shared.contracts.intake import (
    BENEFICIARIES_TOPIC,
    BeneficiariesMergedV1,
    BeneficiaryCategoryRecognisedV1,
    BeneficiaryEnrolledV2,
    BeneficiaryMovedV1,
    BeneficiaryPersonalDataErasedV1,
    BeneficiaryStatusChangedV1,
)
from shared.messaging.relay import Publication


def translate(event: Any) -> Publication | None:
    payload = _payload(event)
    return Publication(BENEFICIARIES_TOPIC, payload) if payload is not None else None


def _payload(event: Any) -> Contract | None:
    if isinstance(event, Beneficiary.Enrolled):
        return BeneficiaryEnrolledV2(
            beneficiary_id=event.originator_id,
            province_code=event.province_code,
            commune_code=event.commune_code,
            sex=event.sex,
            categories=sorted({c["category"] for c in event.categories}),
        )
    name = type(event).__name__
    if name == "ResidenceChanged":
        return BeneficiaryMovedV1(
            beneficiary_id=event.originator_id,
            province_code=event.province_code,
            commune_code=event.commune_code,
        )
    if name == "StatusChanged":
        return BeneficiaryStatusChangedV1(beneficiary_id=event.originator_id, status=event.status)
    if name == "CategoryRecognised":
        return BeneficiaryCategoryRecognisedV1(
            beneficiary_id=event.originator_id, category=event.entry["category"]
        )
    if name == "MergedInto":
        return BeneficiariesMergedV1(
            duplicate_id=event.originator_id, survivor_id=event.survivor_id
        )
    if name == "PersonalDataErased":
        return BeneficiaryPersonalDataErasedV1(beneficiary_id=event.originator_id)
    return None
