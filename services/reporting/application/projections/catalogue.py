"""Every projection reporting keeps and every report it answers."""

from __future__ import annotations

from services.reporting.application.projecting import Projection
from services.reporting.application.projections import (
    beneficiaries,
    claims,
    decisions,
    households,
    organisations,
    timeline,
)
from services.reporting.application.reports import Report

PROJECTIONS: tuple[Projection, ...] = (
    beneficiaries.PROJECTION,
    decisions.PROJECTION,
    households.PROJECTION,
    claims.PROJECTION,
    organisations.PROJECTION,
    timeline.PROJECTION,
)

REPORTS: tuple[Report, ...] = (
    *beneficiaries.REPORTS,
    *decisions.REPORTS,
    *households.REPORTS,
    *claims.REPORTS,
    *organisations.REPORTS,
    *timeline.REPORTS,
)
