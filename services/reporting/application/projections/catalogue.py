"""Every projection reporting keeps and every report it answers."""

from __future__ import annotations

from services.reporting.application.projecting import Projection
from services.reporting.application.projections import (
    beneficiaries,
    budgets,
    decisions,
    orders,
    relief,
)
from services.reporting.application.reports import Report

PROJECTIONS: tuple[Projection, ...] = (
    beneficiaries.PROJECTION,
    decisions.PROJECTION,
    budgets.PROJECTION,
    orders.PROJECTION,
    relief.PROJECTION,
)

REPORTS: tuple[Report, ...] = (
    *beneficiaries.REPORTS,
    *decisions.REPORTS,
    *budgets.REPORTS,
    *orders.REPORTS,
    *relief.REPORTS,
)
