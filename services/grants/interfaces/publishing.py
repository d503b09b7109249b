"""Which of grants' stored events go out, and as which integration contract, by event class."""

from __future__ import annotations

from services.grants.domain.eligibility_review import EligibilityReview
from shared.contracts.grants import REVIEWS_TOPIC, EligibilityReviewOpenedV1
from shared.messaging.publishing import KEPT_IN, EventPublishing
from shared.messaging.relay import Publication

PUBLISHED_AGGREGATES = (EligibilityReview,)


def review_opened(event: EligibilityReview.Opened) -> Publication:
    return Publication(
        REVIEWS_TOPIC,
        EligibilityReviewOpenedV1(
            review_id=event.originator_id,
            beneficiary_id=event.beneficiary_id,
            province_code=event.province_code,
            category=event.category,
        ),
    )


PUBLISHING = EventPublishing(
    {
        EligibilityReview.Opened: review_opened,
        # eventsourcing defines a `Created` on every aggregate; `__init__` is decorated with
        # `Opened` instead, so no `Created` is ever stored. Listed so that the check still
        # covers every class the aggregate has.
        EligibilityReview.Created: KEPT_IN,
    }
)
