"""How each of grants' decision steps moves where a decision stands (domain/decisions.py),
for a projection that follows decisions without keeping their steps (relief)."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel

from services.reporting.domain.decisions import DecisionProgress, DecisionStatus
from shared.contracts.grants_decisions import (
    DecisionAmendedV1,
    DecisionAppealDecidedV1,
    DecisionAppealedV1,
    DecisionApprovedInListV1,
    DecisionApprovedV1,
    DecisionAuthorisedV1,
    DecisionCancelledV1,
    DecisionRejectedV1,
)

Move = Callable[[DecisionProgress, BaseModel], DecisionProgress]


def _appeal(progress: DecisionProgress, p: BaseModel) -> DecisionProgress:
    assert isinstance(p, DecisionAppealDecidedV1)
    if p.outcome == "upheld":
        return progress.approved()
    return progress.now(DecisionStatus.APPEAL_DISMISSED)


def _amended(progress: DecisionProgress, p: BaseModel) -> DecisionProgress:
    assert isinstance(p, DecisionAmendedV1)
    return progress.amended(needs_authorisation=p.needs_authorisation)


MOVES: dict[str, Move] = {
    DecisionApprovedV1.TYPE: lambda d, _: d.approved(),
    DecisionAuthorisedV1.TYPE: lambda d, _: d.approved(),
    DecisionApprovedInListV1.TYPE: lambda d, _: d.approved_in_list(),
    DecisionRejectedV1.TYPE: lambda d, _: d.now(DecisionStatus.REJECTED),
    DecisionAppealedV1.TYPE: lambda d, _: d.now(DecisionStatus.APPEALED),
    DecisionAppealDecidedV1.TYPE: _appeal,
    DecisionCancelledV1.TYPE: lambda d, _: d.now(DecisionStatus.CANCELLED),
    DecisionAmendedV1.TYPE: _amended,
}
STEPS = (
    DecisionApprovedV1,
    DecisionAuthorisedV1,
    DecisionApprovedInListV1,
    DecisionRejectedV1,
    DecisionAppealedV1,
    DecisionAppealDecidedV1,
    DecisionCancelledV1,
    DecisionAmendedV1,
)
