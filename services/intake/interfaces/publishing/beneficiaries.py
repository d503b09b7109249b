"""Which beneficiary events go out, and as which integration contract (by event class)."""

from __future__ import annotations

from typing import Any

from services.intake.domain.beneficiary import Beneficiary
from shared.contracts.intake import (
    BENEFICIARIES_TOPIC,
    BeneficiariesMergedV1,
    BeneficiaryCategoryRecognisedV1,
    BeneficiaryEnrolledV2,
    BeneficiaryMovedV1,
    BeneficiaryPersonalDataErasedV1,
    BeneficiaryStatusChangedV1,
)
from shared.messaging.publishing import KEPT_IN, Translators
from shared.messaging.relay import Publication


def _enrolled(event: Any) -> Publication:
    return Publication(
        BENEFICIARIES_TOPIC,
        BeneficiaryEnrolledV2(
            beneficiary_id=event.originator_id,
            province_code=event.province_code,
            commune_code=event.commune_code,
            sex=event.sex,
            categories=sorted({c["category"] for c in event.categories}),
        ),
    )


def _moved(event: Any) -> Publication:
    return Publication(
        BENEFICIARIES_TOPIC,
        BeneficiaryMovedV1(
            beneficiary_id=event.originator_id,
            province_code=event.province_code,
            commune_code=event.commune_code,
        ),
    )


def _status(event: Any) -> Publication:
    return Publication(
        BENEFICIARIES_TOPIC,
        BeneficiaryStatusChangedV1(beneficiary_id=event.originator_id, status=event.status),
    )


def _category(event: Any) -> Publication:
    return Publication(
        BENEFICIARIES_TOPIC,
        BeneficiaryCategoryRecognisedV1(
            beneficiary_id=event.originator_id, category=event.entry["category"]
        ),
    )


def _merged(event: Any) -> Publication:
    return Publication(
        BENEFICIARIES_TOPIC,
        BeneficiariesMergedV1(duplicate_id=event.originator_id, survivor_id=event.survivor_id),
    )


def _erased(event: Any) -> Publication:
    return Publication(
        BENEFICIARIES_TOPIC, BeneficiaryPersonalDataErasedV1(beneficiary_id=event.originator_id)
    )


# The aggregate's event classes are made by `@event`, which mypy cannot see.
_events: Any = Beneficiary

BENEFICIARY_EVENTS: Translators = {
    _events.Created: KEPT_IN,
    _events.Enrolled: _enrolled,
    _events.ResidenceChanged: _moved,
    _events.StatusChanged: _status,
    _events.CategoryRecognised: _category,
    _events.MergedInto: _merged,
    _events.PersonalDataErased: _erased,
    _events.Absorbed: KEPT_IN,
    _events.ConsentRecorded: KEPT_IN,
    _events.PersonalDataCorrected: KEPT_IN,
    _events.PossibleDuplicateFlagged: KEPT_IN,
    _events.PossibleDuplicateDismissed: KEPT_IN,
}
