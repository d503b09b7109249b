"""Contracts grants publishes about programmes: what they give, to whom, and their cycles, so
that readers of decisions and orders can tell what a `programme_id` and a `cycle` mean.
`kind` says what a decision's subject is: a person (`aid_to_person`), a household
(`aid_to_household`), or the institution funded, else the association
(`grant_to_association`)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict

from shared.contracts.amounts import Amount
from shared.contracts.base import Contract

if TYPE_CHECKING:
    from shared.contracts.registry import ContractRegistry

PROGRAMMES_TOPIC = "grants.programmes"


class ProgrammeEntitlement(BaseModel):
    """A fixed amount due when a condition holds (null amount: in kind, not valued)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    when: str
    amount: Amount | None


class ProgrammeComponent(BaseModel):
    """Without entitlements the amount is the one requested, up to the programme's ceiling."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    name: str
    entitlements: list[ProgrammeEntitlement]
    items: list[str]


class ProgrammeCreatedV1(Contract):
    """v1 (issue 9): every programme was proposed from intake's records alone."""

    TYPE: ClassVar[str] = "ProgrammeCreated"
    VERSION: ClassVar[int] = 1

    programme_id: uuid.UUID
    code: str
    name: str
    kind: str  # grant_to_association, aid_to_person, aid_to_household
    form: str  # cash, in_kind
    cycle_kind: str  # fiscal_year, month, disaster
    components: list[ProgrammeComponent]
    provinces: list[str]
    disaster: str | None
    declared_provinces: list[str]
    payment_list_approvals: int
    actor: str


class ProgrammeCreatedV2(Contract):
    """`trigger` says what makes grants propose by itself: `impact`, what intake recorded
    alone; `claim`, the household's relief claim, checked against what intake recorded."""

    TYPE: ClassVar[str] = "ProgrammeCreated"
    VERSION: ClassVar[int] = 2

    programme_id: uuid.UUID
    code: str
    name: str
    kind: str  # grant_to_association, aid_to_person, aid_to_household
    form: str  # cash, in_kind
    cycle_kind: str  # fiscal_year, month, disaster
    trigger: str  # impact, claim
    components: list[ProgrammeComponent]
    provinces: list[str]
    disaster: str | None
    declared_provinces: list[str]
    payment_list_approvals: int
    actor: str


def created_v1_to_v2(payload: dict[str, Any]) -> dict[str, Any]:
    return {**payload, "trigger": "impact"}


class ProgrammeCycleOpenedV1(Contract):
    TYPE: ClassVar[str] = "ProgrammeCycleOpened"
    VERSION: ClassVar[int] = 1

    programme_id: uuid.UUID
    cycle: str
    actor: str


CONTRACTS: tuple[type[Contract], ...] = (ProgrammeCreatedV2, ProgrammeCycleOpenedV1)


def register(registry: ContractRegistry) -> None:
    registry.register_upcaster(ProgrammeCreatedV1.TYPE, 1, created_v1_to_v2)
    for contract in CONTRACTS:
        registry.register(contract.TYPE, contract.VERSION, contract)
