"""Every projection reporting keeps and every report it answers."""

from __future__ import annotations

from services.reporting.application.projecting import Projection
from services.reporting.application.projections import (
    beneficiaries,
    budgets,
    claims,
    decisions,
    households,
    orders,
    organisations,
    relief,
    timeline,
)
from services.reporting.application.reports import Report

PROJECTIONS: tuple[Projection, ...] = (
    beneficiaries.PROJECTION,
    households.PROJECTION,
    claims.PROJECTION,
    organisations.PROJECTION,
    decisions.PROJECTION,
    budgets.PROJECTION,
    orders.PROJECTION,
    relief.PROJECTION,
    timeline.PROJECTION,
)

REPORTS: tuple[Report, ...] = (
    *beneficiaries.REPORTS,
    *households.REPORTS,
    *claims.REPORTS,
    *organisations.REPORTS,
    *decisions.REPORTS,
    *budgets.REPORTS,
    *orders.REPORTS,
    *relief.REPORTS,
    *timeline.REPORTS,
)
