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


def test_every_aggregate_grants_stores_is_listed_as_published() -> None:
    """An aggregate added to grants' domain must say, event by event, what goes out."""
    import importlib
    import pkgutil

    from eventsourcing.domain import Aggregate

    import services.grants.domain as domain

    found = set()
    for module in pkgutil.iter_modules(domain.__path__):
        loaded = importlib.import_module(f"{domain.__name__}.{module.name}")
        found |= {
            value
            for value in vars(loaded).values()
            if isinstance(value, type)
            and issubclass(value, Aggregate)
            and value is not Aggregate
            and value.__module__ == loaded.__name__
        }

    assert found and found <= set(PUBLISHED_AGGREGATES)
