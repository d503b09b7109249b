"""Grants' use cases: each takes its ports (Protocols in `ports`) in its constructor."""

from services.grants.application.envelopes import (
    ConcurrencyConflict,
    EnvelopeAlreadyOpen,
    EnvelopeLedger,
    NoEnvelope,
    Statement,
)
from services.grants.application.ports import (
    EnvelopeChangedMeanwhile,
    Envelopes,
    Reviews,
    UnitOfWork,
)
from services.grants.application.reviews import EligibilityReviews, NoReviewFor

__all__ = [
    "ConcurrencyConflict",
    "EligibilityReviews",
    "EnvelopeAlreadyOpen",
    "EnvelopeChangedMeanwhile",
    "EnvelopeLedger",
    "Envelopes",
    "NoEnvelope",
    "NoReviewFor",
    "Reviews",
    "Statement",
    "UnitOfWork",
]
