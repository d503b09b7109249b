"""Grants' use cases: each takes its ports (Protocols in `ports`) in its constructor."""

from services.grants.application.envelope_reads import Statement
from services.grants.application.envelopes import (
    ConcurrencyConflict,
    EnvelopeAlreadyOpen,
    EnvelopeLedger,
    NoEnvelope,
)
from services.grants.application.ports import (
    EnvelopeChangedMeanwhile,
    Envelopes,
    UnitOfWork,
)

__all__ = [
    "ConcurrencyConflict",
    "EnvelopeAlreadyOpen",
    "EnvelopeChangedMeanwhile",
    "EnvelopeLedger",
    "Envelopes",
    "NoEnvelope",
    "Statement",
    "UnitOfWork",
]
