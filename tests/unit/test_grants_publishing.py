"""What grants publishes is chosen by the stored event's class, and every class is listed."""

from __future__ import annotations

import uuid

from eventsourcing.persistence import StoredEvent

from services.grants.domain.retired import RetiredEligibilityReview
from services.grants.interfaces.publishing import PUBLISHED_AGGREGATES, PUBLISHING
from services.grants.persistence.event_store import in_memory_event_store
from shared.messaging.publishing import unlisted_events

# An eligibility review's `Opened` as grants stored it before issue 9 retired the placeholder.
STORED_BEFORE_ISSUE_9 = StoredEvent(
    originator_id=uuid.UUID("989a1af2-e273-573d-87c3-d3230873c472"),
    originator_version=1,
    topic="services.grants.domain.eligibility_review:EligibilityReview.Opened",
    state=(
        b'{"timestamp":{"_type_":"datetime_iso","_data_":"2026-12-03T07:37:36.524126+00:00"},'
        b'"originator_topic":"services.grants.domain.eligibility_review:EligibilityReview",'
        b'"beneficiary_id":{"_type_":"uuid_hex","_data_":"5f0a3c1e2b7d4c399d1e3c1f3f1d9a02"},'
        b'"province_code":"LAR","category":"disaster_affected","actor":"grants",'
        b'"reason":"BeneficiaryEnrolled 0b7c4bde-4f0a-4c39-9d1e-3c1f3f1d9a01","traceparent":null}'
    ),
)


def test_every_event_grants_stores_is_published_or_kept_in() -> None:
    assert unlisted_events(PUBLISHING, PUBLISHED_AGGREGATES) == []


def test_a_retired_review_still_stored_is_read_as_it_was_and_not_published() -> None:
    """History is never rewritten: a store from before issue 9 keeps its reviews' events, the
    relay reads them past, and nothing goes out on the retired `grants.reviews`."""
    store = in_memory_event_store()
    store.recorder.insert_events([STORED_BEFORE_ISSUE_9])
    [notification] = [
        n
        for n in store.recorder.select_notifications(start=1, limit=100)
        if n.originator_id == STORED_BEFORE_ISSUE_9.originator_id
    ]

    event = store.mapper.to_domain_event(notification)

    assert isinstance(event, RetiredEligibilityReview.Opened)
    assert (event.province_code, event.category) == ("LAR", "disaster_affected")
    assert PUBLISHING(event) is None


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
