"""What grants publishes is chosen by the stored event's class, and every class is listed."""

from __future__ import annotations

import uuid

from services.grants.domain.eligibility_review import EligibilityReview
from services.grants.interfaces.publishing import PUBLISHED_AGGREGATES, PUBLISHING
from shared.contracts.grants import REVIEWS_TOPIC, EligibilityReviewOpenedV1
from shared.messaging.publishing import unlisted_events


def test_every_event_of_an_eligibility_review_is_published_or_kept_in() -> None:
    assert unlisted_events(PUBLISHING, [EligibilityReview]) == []
    assert unlisted_events(PUBLISHING, PUBLISHED_AGGREGATES) == []


def test_an_opened_review_goes_out_as_its_contract() -> None:
    beneficiary_id = uuid.uuid4()
    review = EligibilityReview(
        beneficiary_id=beneficiary_id,
        province_code="KHN",
        category="disability",
        actor="grants",
        reason=None,
        traceparent=None,
    )
    [opened] = review.collect_events()

    publication = PUBLISHING(opened)

    assert publication is not None
    assert publication.topic == REVIEWS_TOPIC
    assert publication.payload == EligibilityReviewOpenedV1(
        review_id=review.id,
        beneficiary_id=beneficiary_id,
        province_code="KHN",
        category="disability",
    )
