"""Reporting's use cases: each takes its ports (Protocols in `ports`) in its constructor."""

from services.reporting.application.counts import CountsReport
from services.reporting.application.ports import ReadModel, ReadModelInBulk, Tallies, UnitOfWork
from services.reporting.application.projection import Projection
from services.reporting.application.projection_in_bulk import ProjectionInBulk

__all__ = [
    "CountsReport",
    "Projection",
    "ProjectionInBulk",
    "ReadModel",
    "ReadModelInBulk",
    "Tallies",
    "UnitOfWork",
]
