"""Reporting's use cases: each takes its ports (Protocols) in its constructor."""

from services.reporting.application.counts import CountsReport
from services.reporting.application.ports import Tallies
from services.reporting.application.projecting import Delivered, On, Projection, Projector
from services.reporting.application.reports import Reports

__all__ = [
    "CountsReport",
    "Delivered",
    "On",
    "Projection",
    "Projector",
    "Reports",
    "Tallies",
]
