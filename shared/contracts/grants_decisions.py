"""Contracts grants publishes about decisions: each step of the four eyes, with who and why.

A decision is on one component of a programme's cycle for one subject (`subject_id`: a person
or a household for aid, the institution funded or else the association for a grant; which one
follows from the programme's `kind` in `ProgrammeCreated`). No personal data travels: ids,
codes and amounts only. `actor` is the staff user who took the step.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, ClassVar, Literal

from shared.contracts.amounts import Amount
from shared.contracts.base import Contract

if TYPE_CHECKING:
    from shared.contracts.registry import ContractRegistry

DECISIONS_TOPIC = "grants.decisions"


class DecisionProposedV1(Contract):
    """A decision was proposed. `amount` is null for aid in kind (then `items` names it);
    `needs_authorisation`: above the programme's threshold, a second approval by a third user
    (`DecisionAuthorised`) is needed after the first (`DecisionApproved`). `reason` is null,
    in the envelope too, when a caseworker proposed it attesting the person's type of
    disability: their words about it stay in grants (law 09-08)."""

    TYPE: ClassVar[str] = "DecisionProposed"
    VERSION: ClassVar[int] = 1

    decision_id: uuid.UUID
    programme_id: uuid.UUID
    cycle: str
    component: str
    subject_id: uuid.UUID
    province_code: str
    amount: Amount | None
    items: list[str]
    needs_authorisation: bool
    actor: str
    reason: str | None


class _StepV1(Contract):
    decision_id: uuid.UUID
    actor: str
    reason: str | None


class DecisionApprovedV1(_StepV1):
    """The first approval, by an approver of the province other than the proposer. The decision
    is approved unless its proposal said `needs_authorisation`."""

    TYPE: ClassVar[str] = "DecisionApproved"
    VERSION: ClassVar[int] = 1


class DecisionAuthorisedV1(_StepV1):
    """The second approval above the threshold, by a third user: the decision is approved."""

    TYPE: ClassVar[str] = "DecisionAuthorised"
    VERSION: ClassVar[int] = 1


class DecisionApprovedInListV1(_StepV1):
    """The decision was approved with its payment list, by the list's approvers."""

    TYPE: ClassVar[str] = "DecisionApprovedInList"
    VERSION: ClassVar[int] = 1

    payment_list_id: uuid.UUID
    approvers: list[str]


class DecisionRejectedV1(_StepV1):
    TYPE: ClassVar[str] = "DecisionRejected"
    VERSION: ClassVar[int] = 1


class DecisionAppealedV1(_StepV1):
    """The applicant appealed the rejection (once)."""

    TYPE: ClassVar[str] = "DecisionAppealed"
    VERSION: ClassVar[int] = 1


class DecisionAppealDecidedV1(_StepV1):
    """The appeal was decided by an approver other than the one who rejected. `upheld` counts
    as the approval the rejection refused (an authorisation may still follow); `dismissed`
    ends the decision."""

    TYPE: ClassVar[str] = "DecisionAppealDecided"
    VERSION: ClassVar[int] = 1

    outcome: Literal["upheld", "dismissed"]


class DecisionCancelledV1(_StepV1):
    """The decision was cancelled (its subject suspended, exited, merged or erased in intake,
    or a household's head suspended, exited or erased); any hold on the envelope is released."""

    TYPE: ClassVar[str] = "DecisionCancelled"
    VERSION: ClassVar[int] = 1


class DecisionAmendedV1(_StepV1):
    """Before any decision on it, what the proposal awards changed because intake corrected
    the facts it was made from (a household's damage level, say): its new `amount` (null in
    kind, then `items`) and whether it now `needs_authorisation`."""

    TYPE: ClassVar[str] = "DecisionAmended"
    VERSION: ClassVar[int] = 1

    amount: Amount | None
    items: list[str]
    needs_authorisation: bool


CONTRACTS: tuple[type[Contract], ...] = (
    DecisionProposedV1,
    DecisionApprovedV1,
    DecisionAuthorisedV1,
    DecisionApprovedInListV1,
    DecisionRejectedV1,
    DecisionAppealedV1,
    DecisionAppealDecidedV1,
    DecisionCancelledV1,
    DecisionAmendedV1,
)


def register(registry: ContractRegistry) -> None:
    for contract in CONTRACTS:
        registry.register(contract.TYPE, contract.VERSION, contract)
