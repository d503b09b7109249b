"""Grants' use cases over eventsourcing's in-memory store: no database, no broker."""

from __future__ import annotations

import uuid

import pytest
from eventsourcing.persistence import IntegrityError

from services.grants.application import EligibilityReviews, NoReviewFor
from services.grants.domain.eligibility_review import EligibilityReview
from services.grants.interfaces.consumers import effects
from services.grants.persistence.event_store import (
    EventSourcedReviews,
    GrantsEventStore,
    in_memory_event_store,
)
from shared.contracts.intake import BeneficiaryEnrolledV2
from tests.unit.delivered import delivered


@pytest.fixture
def store() -> GrantsEventStore:
    return in_memory_event_store()


@pytest.fixture
def reviews(store: GrantsEventStore) -> EligibilityReviews:
    return EligibilityReviews(EventSourcedReviews(store))


def open_one(reviews: EligibilityReviews, beneficiary_id: uuid.UUID) -> uuid.UUID:
    return reviews.open_eligibility_review(
        beneficiary_id=beneficiary_id,
        province_code="KHN",
        category="disability",
        actor="grants",
        reason="BeneficiaryEnrolled 1",
    )


def test_an_opened_review_is_found_by_its_beneficiary(reviews: EligibilityReviews) -> None:
    beneficiary_id = uuid.uuid4()
    review_id = open_one(reviews, beneficiary_id)

    review = reviews.review_for(beneficiary_id)
    assert review.id == review_id == EligibilityReview.create_id(beneficiary_id)
    assert (review.province_code, review.category, review.status) == ("KHN", "disability", "open")


def test_a_beneficiary_without_a_review_is_told_so(reviews: EligibilityReviews) -> None:
    beneficiary_id = uuid.uuid4()
    with pytest.raises(NoReviewFor) as raised:
        reviews.review_for(beneficiary_id)
    assert raised.value.beneficiary_id == beneficiary_id


def test_a_second_review_of_one_beneficiary_is_refused(reviews: EligibilityReviews) -> None:
    beneficiary_id = uuid.uuid4()
    open_one(reviews, beneficiary_id)
    with pytest.raises(IntegrityError):
        open_one(reviews, beneficiary_id)


def test_an_enrolment_opens_a_review_in_its_province_and_first_category(
    store: GrantsEventStore, reviews: EligibilityReviews
) -> None:
    beneficiary_id = uuid.uuid4()
    enrolled = BeneficiaryEnrolledV2(
        beneficiary_id=beneficiary_id,
        province_code="LAR",
        commune_code=None,
        sex=None,
        categories=["disaster_affected", "disability"],
    )
    event = delivered(enrolled)

    effects(reviews)[BeneficiaryEnrolledV2.TYPE](event, None)

    review = reviews.review_for(beneficiary_id)
    assert (review.province_code, review.category) == ("LAR", "disaster_affected")
    [opened] = store.events.get(review.id)
    assert isinstance(opened, EligibilityReview.Opened)
    assert (opened.actor, opened.reason) == (
        "grants",
        f"BeneficiaryEnrolled {event.envelope.event_id}",
    )
