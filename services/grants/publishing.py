"""Which of grants' stored events go out, and as which integration contract."""

from __future__ import annotations

from typing import Any

from services.grants.domain.eligibility_review import EligibilityReview
from shared.contracts.grants import REVIEWS_TOPIC, EligibilityReviewOpenedV1
from shared.messaging.relay import Publication


def to_integration_event(event: Any) -> Publication | None:
    if isinstance(event, EligibilityReview.Opened):
        return Publication(
            REVIEWS_TOPIC,
            EligibilityReviewOpenedV1(
                review_id=event.originator_id,
                beneficiary_id=event.beneficiary_id,
                province_code=event.province_code,
                category=event.category,
            ),
        )
    return None
