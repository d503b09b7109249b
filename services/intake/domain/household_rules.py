"""Rules about a household: its address, its members and the disasters that hit it."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from uuid import UUID

from services.intake.domain.reference import DISASTERS, Relation
from shared.rules import BusinessRule


@dataclass(frozen=True)
class DouarMustBeNamed(BusinessRule):
    """Relief goes to listed areas: the douar (or the neighbourhood in a town) is needed."""

    douar: str | None
    message = "the douar (village or neighbourhood) is required"
    field = "douar"

    def is_broken(self) -> bool:
        return not (self.douar or "").strip()


@dataclass(frozen=True)
class HeadMustBeEnrolled(BusinessRule):
    enrolled: bool
    message = "no such beneficiary: the head must be enrolled first"
    field = "head_id"

    def is_broken(self) -> bool:
        return not self.enrolled


@dataclass(frozen=True)
class MemberMustBeEnrolled(BusinessRule):
    enrolled: bool
    message = "no such beneficiary: a member must be enrolled first"
    field = "beneficiary_id"

    def is_broken(self) -> bool:
        return not self.enrolled


@dataclass(frozen=True)
class HeadMustBeAnOpenRecord(BusinessRule):
    """A merged or erased beneficiary record cannot head a household."""

    merged_into: object
    erased: bool
    message = "the head's record was merged or erased; use the record that absorbed it"
    field = "head_id"

    def is_broken(self) -> bool:
        return self.merged_into is not None or self.erased


@dataclass(frozen=True)
class MemberMustBeAnOpenRecord(BusinessRule):
    merged_into: object
    erased: bool
    message = "this beneficiary's record was merged or erased; use the record that absorbed it"
    field = "beneficiary_id"

    def is_broken(self) -> bool:
        return self.merged_into is not None or self.erased


@dataclass(frozen=True)
class HeadIsNotAddedAgain(BusinessRule):
    head_id: UUID
    beneficiary_id: UUID
    message = "this beneficiary already heads the household"
    field = "beneficiary_id"

    def is_broken(self) -> bool:
        return self.beneficiary_id == self.head_id


@dataclass(frozen=True)
class MemberMustNotAlreadyBelong(BusinessRule):
    members: Collection[str]
    beneficiary_id: UUID
    message = "this beneficiary is already a member of the household"
    field = "beneficiary_id"

    def is_broken(self) -> bool:
        return str(self.beneficiary_id) in self.members


@dataclass(frozen=True)
class HouseholdHasOneHead(BusinessRule):
    """Members are added with their relation to the head; the head is named at registration."""

    relation: Relation
    message = "a household has one head, named when it is registered"
    field = "relation"

    def is_broken(self) -> bool:
        return self.relation is Relation.HEAD


@dataclass(frozen=True)
class MemberMustBelong(BusinessRule):
    members: Collection[str]
    beneficiary_id: UUID
    message = "this beneficiary is not a member of the household"
    field = "beneficiary_id"

    def is_broken(self) -> bool:
        return str(self.beneficiary_id) not in self.members


@dataclass(frozen=True)
class HeadCannotBeRemoved(BusinessRule):
    head_id: UUID
    beneficiary_id: UUID
    message = "the head of the household cannot be removed from it"
    field = "beneficiary_id"

    def is_broken(self) -> bool:
        return self.beneficiary_id == self.head_id


@dataclass(frozen=True)
class DisasterMustBeKnown(BusinessRule):
    disaster: str
    message = "unknown disaster: " + ", ".join(DISASTERS)
    field = "disaster"

    def is_broken(self) -> bool:
        return self.disaster not in DISASTERS


@dataclass(frozen=True)
class ImpactCorrectionMustGiveAReason(BusinessRule):
    """Recording a disaster's impact again replaces the first record: say why."""

    already_recorded: bool
    reason: str | None
    message = "this disaster's impact was already recorded: a correction needs a reason"
    field = "reason"

    def is_broken(self) -> bool:
        return self.already_recorded and not (self.reason or "").strip()


@dataclass(frozen=True)
class ErasedAddressStaysErased(BusinessRule):
    """Once the household's key is destroyed its address can no longer be sealed or read."""

    erased: bool
    message = "the household's address was erased and cannot be corrected"
    field = "douar"

    def is_broken(self) -> bool:
        return self.erased
