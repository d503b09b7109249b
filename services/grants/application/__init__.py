"""Grants' use cases: each takes its ports (Protocols in `ports`) in its constructor."""

from services.grants.application.ports import Reviews, UnitOfWork
from services.grants.application.reviews import EligibilityReviews, NoReviewFor

__all__ = ["EligibilityReviews", "NoReviewFor", "Reviews", "UnitOfWork"]
