"""The counts report: beneficiaries and grants' decisions per province the caller may see."""

from __future__ import annotations

from collections.abc import Collection

from services.reporting.application.ports import Tallies
from services.reporting.domain.counts import (
    Counts,
    OnlyTheCallersProvincesAreCounted,
    count_by_province,
)


class CountsReport:
    def __init__(self, tallies: Tallies) -> None:
        self._tallies = tallies

    def counts(self, provinces: Collection[str]) -> Counts:
        return count_by_province(
            self._tallies.beneficiary_groups(),
            self._tallies.decision_groups(),
            OnlyTheCallersProvincesAreCounted(provinces),
        )
