"""What reporting's counts and transactions need from the outside world, as Protocols; the
projections' own port is in `projection_ports`."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
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


class UnitOfWork(Protocol):
    """One transaction: the projections' changes made while it is open commit with whatever
    else the caller writes in it (the consumer's inbox row), or none of them do."""

    def transaction(self) -> AbstractContextManager[object]: ...
