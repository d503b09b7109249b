"""A household: a head, members with their relation to the head, an address, and how each
named disaster hit it. The address is personal data: held sealed; the application opens it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from services.intake.domain.household_rules import (
    DisasterMustBeKnown,
    DouarMustBeNamed,
    ErasedAddressStaysErased,
    HeadCannotBeRemoved,
    HeadIsNotAddedAgain,
    HouseholdHasOneHead,
    ImpactCorrectionMustGiveAReason,
    MemberMustBelong,
    MemberMustNotAlreadyBelong,
)
from services.intake.domain.person_rules import ReasonMustBeGiven
from services.intake.domain.reference import DamageLevel, Relation
from services.intake.domain.rules import ProvinceMustBeKnown
from shared.rules import check


@dataclass(frozen=True)
class HouseholdAddress:
    """Where the household lives below the commune: its douar, and a street or house
    description. Sealed with the household's own key, so it can be erased."""

    douar: str
    address: str | None

    def validate(self) -> None:
        check(DouarMustBeNamed(self.douar))

    def to_fields(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_fields(cls, fields: dict[str, Any]) -> HouseholdAddress:
        return cls(douar=fields["douar"], address=fields.get("address"))


class Household(Aggregate):
    id: UUID

    class Registered(Aggregate.Created):
        head_id: UUID
        province_code: str
        commune_code: str
        sealed_address: str
        actor: str
        reason: str | None
        traceparent: str | None

    class MemberAdded(Aggregate.Event):
        beneficiary_id: UUID
        relation: str
        actor: str
        reason: str | None
        traceparent: str | None

    class MemberRemoved(Aggregate.Event):
        beneficiary_id: UUID
        actor: str
        reason: str
        traceparent: str | None

    class DisasterImpactRecorded(Aggregate.Event):
        """A later one for the same disaster is a correction: it replaces the earlier one.
        The province travels with it so reports can count per province."""

        disaster: str
        province_code: str
        evacuated: bool
        damage: str
        actor: str
        reason: str | None
        traceparent: str | None

    class AddressCorrected(Aggregate.Event):
        sealed_address: str
        actor: str
        reason: str
        traceparent: str | None

    class AddressErased(Aggregate.Event):
        actor: str
        reason: str
        traceparent: str | None

    @event(Registered)
    def __init__(
        self,
        *,
        head_id: UUID,
        province_code: str,
        commune_code: str,
        sealed_address: str,
        actor: str,
        reason: str | None,
        traceparent: str | None,
    ) -> None:
        self.head_id = head_id
        self.province_code = province_code
        self.commune_code = commune_code
        self.sealed_address = sealed_address
        # Plain values keyed by str(beneficiary_id), so a snapshot of this state would transcode.
        self.members: dict[str, str] = {str(head_id): str(Relation.HEAD)}
        self.impacts: dict[str, dict[str, Any]] = {}
        self.erased = False

    @classmethod
    def register(cls, *, household_id: UUID, **fields: Any) -> Household:
        check(ProvinceMustBeKnown(fields["province_code"]))
        return cls(id=household_id, **fields)  # type: ignore[call-arg]

    @property
    def member_count(self) -> int:
        return len(self.members)

    def add_member(
        self,
        beneficiary_id: UUID,
        relation: Relation,
        actor: str,
        reason: str | None = None,
        traceparent: str | None = None,
    ) -> None:
        check(
            HeadIsNotAddedAgain(self.head_id, beneficiary_id),
            MemberMustNotAlreadyBelong(self.members.keys(), beneficiary_id),
            HouseholdHasOneHead(Relation(relation)),
        )
        self._member_added(
            beneficiary_id=beneficiary_id,
            relation=str(Relation(relation)),
            actor=actor,
            reason=reason,
            traceparent=traceparent,
        )

    @event(MemberAdded)
    def _member_added(
        self,
        *,
        beneficiary_id: UUID,
        relation: str,
        actor: str,
        reason: str | None,
        traceparent: str | None,
    ) -> None:
        self.members[str(beneficiary_id)] = relation

    def remove_member(
        self, beneficiary_id: UUID, actor: str, reason: str, traceparent: str | None = None
    ) -> None:
        check(
            HeadCannotBeRemoved(self.head_id, beneficiary_id),
            MemberMustBelong(self.members.keys(), beneficiary_id),
            ReasonMustBeGiven(reason),
        )
        self._member_removed(
            beneficiary_id=beneficiary_id, actor=actor, reason=reason, traceparent=traceparent
        )

    @event(MemberRemoved)
    def _member_removed(
        self, *, beneficiary_id: UUID, actor: str, reason: str, traceparent: str | None
    ) -> None:
        del self.members[str(beneficiary_id)]

    def record_disaster_impact(
        self,
        disaster: str,
        evacuated: bool,
        damage: DamageLevel,
        actor: str,
        reason: str | None = None,
        traceparent: str | None = None,
    ) -> None:
        check(
            DisasterMustBeKnown(disaster),
            ImpactCorrectionMustGiveAReason(disaster in self.impacts, reason),
        )
        self._disaster_impact_recorded(
            disaster=disaster,
            province_code=self.province_code,
            evacuated=bool(evacuated),
            damage=str(DamageLevel(damage)),
            actor=actor,
            reason=reason,
            traceparent=traceparent,
        )

    @event(DisasterImpactRecorded)
    def _disaster_impact_recorded(
        self,
        *,
        disaster: str,
        province_code: str,
        evacuated: bool,
        damage: str,
        actor: str,
        reason: str | None,
        traceparent: str | None,
    ) -> None:
        self.impacts[disaster] = {"disaster": disaster, "evacuated": evacuated, "damage": damage}

    def correct_address(
        self, sealed_address: str, actor: str, reason: str, traceparent: str | None = None
    ) -> None:
        check(ErasedAddressStaysErased(self.erased), ReasonMustBeGiven(reason))
        self._address_corrected(
            sealed_address=sealed_address, actor=actor, reason=reason, traceparent=traceparent
        )

    @event(AddressCorrected)
    def _address_corrected(
        self, *, sealed_address: str, actor: str, reason: str, traceparent: str | None
    ) -> None:
        self.sealed_address = sealed_address

    def erase_address(self, actor: str, reason: str, traceparent: str | None = None) -> None:
        """Mark the address erased (the application destroys the key); erasing twice is a
        no-op. Members, disaster impacts and counts are kept."""
        check(ReasonMustBeGiven(reason))
        if not self.erased:
            self._address_erased(actor=actor, reason=reason, traceparent=traceparent)

    @event(AddressErased)
    def _address_erased(self, *, actor: str, reason: str, traceparent: str | None) -> None:
        self.erased = True
