"""Events grants stored once and makes no more, kept readable: history is never rewritten.

The walking skeleton's eligibility review (one per enrolment, on `grants.reviews`) was retired
in issue 9 for real proposals (`Decision`, on `grants.decisions`). A store written before then
still holds its `Opened` events: their old topics resolve here, so the relay and every replay
read them as they were, and publishing keeps them in (docs/events.md, "Retired").
"""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.utils import register_topic

RETIRED_REVIEW_TOPIC = "services.grants.domain.eligibility_review:EligibilityReview"


class RetiredEligibilityReview(Aggregate):
    """Never made any more: only read back from stores written before issue 9."""

    class Opened(Aggregate.Created):
        beneficiary_id: UUID
        province_code: str
        category: str
        actor: str
        reason: str | None
        traceparent: str | None


register_topic(RETIRED_REVIEW_TOPIC, RetiredEligibilityReview)
register_topic(f"{RETIRED_REVIEW_TOPIC}.Opened", RetiredEligibilityReview.Opened)
