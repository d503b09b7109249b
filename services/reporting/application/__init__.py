"""Reporting's use cases: each takes its ports (Protocols in `ports`) in its constructor."""

from services.reporting.application.counts import CountsReport
from services.reporting.application.ports import ReadModel, Tallies, UnitOfWork
from services.reporting.application.projection import Projection

__all__ = ["CountsReport", "Projection", "ReadModel", "Tallies", "UnitOfWork"]
