"""Which of intake's stored events go out, and as which integration contract."""

from __future__ import annotations

from typing import Any

from services.intake.domain.beneficiary import Beneficiary
from shared.contracts.intake import BENEFICIARIES_TOPIC, BeneficiaryEnrolledV1
from shared.messaging.relay import Publication


def translate(event: Any) -> Publication | None:
    if isinstance(event, Beneficiary.Enrolled):
        return Publication(
            BENEFICIARIES_TOPIC,
            BeneficiaryEnrolledV1(
                beneficiary_id=event.originator_id,
                province_code=event.province_code,
                category=str(event.category),
            ),
        )
    return None
