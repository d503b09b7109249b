"""What reporting's counts report needs from the outside world; the projections' own port
is in `projection_ports`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from services.reporting.domain.counts import BeneficiaryGroup
from services.reporting.domain.decisions import DecisionGroup


class Tallies(Protocol):
    """The projections as the counts report reads them."""

    def beneficiary_groups(self) -> Iterable[BeneficiaryGroup]:
        """Beneficiaries that count (a merged duplicate does not), grouped by province,
        status and categories."""

    def decision_groups(self) -> Iterable[DecisionGroup]:
        """Grants' decisions grouped by province, programme and status."""
