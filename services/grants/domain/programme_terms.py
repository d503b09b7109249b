"""What a programme is made of: its kind, form, eligibility, amounts and cycles.

Plain frozen values; `Programme` (programme.py) stores them in its events as plain lists and
dicts (`components_to_plain`), so no transcoding is needed for them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from shared.money import Money


class ProgrammeKind(StrEnum):
    GRANT_TO_ASSOCIATION = "grant_to_association"  # for an institution it manages, or its work
    AID_TO_PERSON = "aid_to_person"
    AID_TO_HOUSEHOLD = "aid_to_household"


class AidForm(StrEnum):
    CASH = "cash"
    IN_KIND = "in_kind"


class CycleKind(StrEnum):
    FISCAL_YEAR = "fiscal_year"
    MONTH = "month"
    DISASTER = "disaster"


class Condition(StrEnum):
    """When a component's fixed amount is due (the facts come from intake's events)."""

    ALWAYS = "always"
    EVACUATED = "evacuated"
    HOME_REPAIRABLE = "home_repairable"
    HOME_DESTROYED = "home_destroyed"


class ProposalTrigger(StrEnum):
    """What makes grants propose a programme's components by itself."""

    IMPACT = "impact"  # what intake recorded, alone
    # The family asking (a relief claim), checked against what intake recorded: proposed once
    # both are known, whichever arrives first.
    CLAIM = "claim"


@dataclass(frozen=True)
class Entitlement:
    when: Condition
    # None: given in kind and not valued in dirhams (the sources give no unit costs).
    amount_centimes: int | None

    @property
    def amount(self) -> Money | None:
        return None if self.amount_centimes is None else Money(self.amount_centimes)


@dataclass(frozen=True)
class Component:
    """A part of a programme given (at most once per subject and cycle) on its own terms.

    Without entitlements the amount is the one requested, up to the programme's ceiling.
    With several, the first whose condition holds applies.
    """

    code: str
    name: str
    entitlements: tuple[Entitlement, ...] = ()
    items: tuple[str, ...] = ()  # in kind: what is delivered


@dataclass(frozen=True)
class EligibilityTerms:
    """Each empty set means "no condition"."""

    categories: frozenset[str] = frozenset()  # a person in any one of them
    disability_types: frozenset[str] = frozenset()  # a person with any one of them
    provinces: frozenset[str] = frozenset()
    disaster: str | None = None
    declared_provinces: frozenset[str] = frozenset()
    # Set: the grant is for an institution the applicant manages, in one of these statuses.
    institution_licensing: frozenset[str] = frozenset()
    association_fields: frozenset[str] = frozenset()  # the association works in one of them


@dataclass(frozen=True)
class ProgrammeTerms:
    code: str
    name: str
    kind: ProgrammeKind
    form: AidForm
    cycle_kind: CycleKind
    components: tuple[Component, ...]
    eligibility: EligibilityTerms = field(default_factory=EligibilityTerms)
    ceiling_centimes: int | None = None  # set: a requested amount up to it
    # Set: a decision above it needs a second approval (authorisation) by a third user.
    second_approval_above_centimes: int | None = None
    # How many users other than the one who drew a payment list up must approve it.
    payment_list_approvals: int = 1
    trigger: ProposalTrigger = ProposalTrigger.IMPACT

    @property
    def ceiling(self) -> Money | None:
        return None if self.ceiling_centimes is None else Money(self.ceiling_centimes)

    def component(self, code: str) -> Component | None:
        return next((c for c in self.components if c.code == code), None)

    def needs_second_approval(self, amount: Money | None) -> bool:
        threshold = self.second_approval_above_centimes
        return threshold is not None and amount is not None and amount.centimes > threshold


_FISCAL_YEAR = re.compile(r"^[0-9]{4}$")
_MONTH = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Cycle:
    """A fiscal year ("2021"), a month ("2026-03") or one disaster (its name)."""

    kind: CycleKind
    key: str

    @classmethod
    def fiscal_year(cls, year: int) -> Cycle:
        return cls(CycleKind.FISCAL_YEAR, f"{year:04d}")

    @classmethod
    def month(cls, year: int, month: int) -> Cycle:
        return cls(CycleKind.MONTH, f"{year:04d}-{month:02d}")

    @classmethod
    def disaster(cls, name: str) -> Cycle:
        return cls(CycleKind.DISASTER, name)

    def is_well_formed(self) -> bool:
        if self.kind is CycleKind.FISCAL_YEAR:
            return bool(_FISCAL_YEAR.fullmatch(self.key))
        if self.kind is CycleKind.MONTH:
            return bool(_MONTH.fullmatch(self.key))
        return bool(self.key.strip())


def components_to_plain(components: Iterable[Component]) -> list[dict[str, Any]]:
    return [
        {
            "code": c.code,
            "name": c.name,
            "entitlements": [
                {"when": str(e.when), "amount_centimes": e.amount_centimes} for e in c.entitlements
            ],
            "items": list(c.items),
        }
        for c in components
    ]


def components_from_plain(plain: Iterable[Mapping[str, Any]]) -> tuple[Component, ...]:
    return tuple(
        Component(
            code=str(c["code"]),
            name=str(c["name"]),
            entitlements=tuple(
                Entitlement(Condition(e["when"]), e["amount_centimes"]) for e in c["entitlements"]
            ),
            items=tuple(c["items"]),
        )
        for c in plain
    )
