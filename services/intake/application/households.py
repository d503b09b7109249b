"""Households: registering them, their members, the disasters that hit them, their address.

Every change is a new event with who and why. The address (douar, street or house) is sealed
with a key of the household's own, in the same vault as the beneficiaries' keys; destroying
the key erases it everywhere while the members, impacts and counts remain.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError

from services.intake.application.beneficiary_store import BeneficiaryStore
from services.intake.domain.beneficiary import Beneficiary
from services.intake.domain.household import Household, HouseholdAddress
from services.intake.domain.household_rules import (
    ErasedAddressStaysErased,
    HeadMustBeAnOpenRecord,
    MemberMustBeAnOpenRecord,
)
from services.intake.domain.reference import DamageLevel, Relation
from services.intake.persistence.household_index import HouseholdIndex, disasters_column
from services.intake.privacy.sealing import seal, unseal
from shared.rules import check


@dataclass(frozen=True)
class HouseholdRecord:
    household_id: UUID
    version: int
    head_id: UUID
    province_code: str
    commune_code: str
    douar: str | None  # None once erased
    address: str | None
    erased: bool
    members: list[dict[str, Any]]  # {"beneficiary_id": UUID, "relation": str}, head first
    member_count: int
    disaster_impacts: list[dict[str, Any]]  # {"disaster", "evacuated", "damage"}


class HouseholdUseCases(BeneficiaryStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.household_index = HouseholdIndex.of(self)

    # Reads of one record --------------------------------------------------------------------

    def household(self, household_id: UUID) -> Household:
        found: Any = self.repository.get(household_id)
        if not isinstance(found, Household):
            raise AggregateNotFoundError(household_id)
        return found

    def existing_beneficiary(self, beneficiary_id: UUID) -> Beneficiary:
        """The beneficiary with this id; AggregateNotFoundError if there is none."""
        found: Any = self.repository.get(beneficiary_id)
        if not isinstance(found, Beneficiary):
            raise AggregateNotFoundError(beneficiary_id)
        return found

    def read_household(self, household_id: UUID, as_of: datetime | None = None) -> HouseholdRecord:
        found = self.as_of(household_id, as_of) if as_of else self.household(household_id)
        if not isinstance(found, Household):
            raise AggregateNotFoundError(household_id)
        return self._record_of(found, self.keys.key_for(household_id))

    def search_households(
        self,
        *,
        provinces: frozenset[str] | None,
        province: str | None = None,
        disaster: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[list[HouseholdRecord], int]:
        ids, total = self.household_index.search(
            provinces=provinces, province=province, disaster=disaster, limit=limit, offset=offset
        )
        keys = self.keys.keys_for(ids)
        return [self._record_of(self.household(i), keys.get(i)) for i in ids], total

    def _record_of(self, household: Household, key: bytes | None) -> HouseholdRecord:
        place = None
        if not household.erased and key is not None:
            fields = unseal(key, household.sealed_address, str(household.id))
            place = HouseholdAddress.from_fields(fields)
        return HouseholdRecord(
            household_id=household.id,
            version=household.version,
            head_id=household.head_id,
            province_code=household.province_code,
            commune_code=household.commune_code,
            douar=place.douar if place else None,
            address=place.address if place else None,
            erased=place is None,
            members=[
                {"beneficiary_id": UUID(member), "relation": relation}
                for member, relation in household.members.items()
            ],
            member_count=household.member_count,
            disaster_impacts=[dict(i) for _, i in sorted(household.impacts.items())],
        )

    # Changes --------------------------------------------------------------------------------

    def register_household(
        self,
        head_id: UUID,
        province_code: str,
        commune_code: str,
        douar: str,
        address: str | None,
        *,
        actor: str,
        reason: str | None = None,
        traceparent: str | None = None,
    ) -> UUID:
        """The head must be an enrolled beneficiary (AggregateNotFoundError otherwise)."""
        place = HouseholdAddress(douar=douar, address=address)
        place.validate()
        self.check_residence(province_code, commune_code)
        head = self.existing_beneficiary(head_id)
        check(HeadMustBeAnOpenRecord(head.merged_into, head.erased))
        household_id = uuid4()
        with self.recorder.transaction(commit=True) as session:  # type: ignore[attr-defined]
            key = self.keys.create(session, household_id)
            household = Household.register(
                household_id=household_id,
                head_id=head_id,
                province_code=province_code,
                commune_code=commune_code,
                sealed_address=seal(key, place.to_fields(), str(household_id)),
                actor=actor,
                reason=reason,
                traceparent=traceparent,
            )
            self.household_index.add(
                session,
                household_id=household_id,
                province_code=province_code,
                commune_code=commune_code,
                head_id=head_id,
                disasters=disasters_column(household.impacts),
                member_count=household.member_count,
            )
            self.save(household)
        return household_id

    def add_member(
        self,
        household_id: UUID,
        beneficiary_id: UUID,
        relation: Relation,
        *,
        actor: str,
        reason: str | None = None,
        traceparent: str | None = None,
    ) -> None:
        """The member must be an enrolled beneficiary (AggregateNotFoundError otherwise)."""
        member = self.existing_beneficiary(beneficiary_id)
        with self.recorder.transaction(commit=True) as session:  # type: ignore[attr-defined]
            household = self.household(household_id)
            if beneficiary_id != household.head_id:
                check(MemberMustBeAnOpenRecord(member.merged_into, member.erased))
            household.add_member(beneficiary_id, relation, actor, reason, traceparent)
            self.household_index.change(session, household_id, member_count=household.member_count)
            self.save(household)

    def remove_member(
        self,
        household_id: UUID,
        beneficiary_id: UUID,
        *,
        actor: str,
        reason: str,
        traceparent: str | None = None,
    ) -> None:
        with self.recorder.transaction(commit=True) as session:  # type: ignore[attr-defined]
            household = self.household(household_id)
            household.remove_member(beneficiary_id, actor, reason, traceparent)
            self.household_index.change(session, household_id, member_count=household.member_count)
            self.save(household)

    def record_disaster_impact(
        self,
        household_id: UUID,
        disaster: str,
        *,
        evacuated: bool,
        damage: DamageLevel,
        actor: str,
        reason: str | None = None,
        traceparent: str | None = None,
    ) -> None:
        """Recording a disaster again for the same household corrects (replaces) the first."""
        with self.recorder.transaction(commit=True) as session:  # type: ignore[attr-defined]
            household = self.household(household_id)
            household.record_disaster_impact(
                disaster, evacuated, damage, actor, reason, traceparent
            )
            self.household_index.change(
                session, household_id, disasters=disasters_column(household.impacts)
            )
            self.save(household)

    def correct_address(
        self,
        household_id: UUID,
        douar: str,
        address: str | None,
        *,
        actor: str,
        reason: str,
        traceparent: str | None = None,
    ) -> None:
        """Replace the douar and street or house description; the old ones stay in history."""
        place = HouseholdAddress(douar=douar, address=address)
        place.validate()
        with self.recorder.transaction(commit=True) as session:  # type: ignore[attr-defined]
            household = self.household(household_id)
            key = self.keys.key_for(household_id, session)
            check(ErasedAddressStaysErased(household.erased or key is None))
            assert key is not None
            sealed = seal(key, place.to_fields(), str(household_id))
            household.correct_address(sealed, actor, reason, traceparent)
            self.save(household)

    def erase_household_address(
        self, household_id: UUID, *, actor: str, reason: str, traceparent: str | None = None
    ) -> None:
        """Destroy the household's key (law 09-08 erasure): the address reads as erased
        everywhere from now on; the members, disaster impacts and history remain."""
        with self.recorder.transaction(commit=True) as session:  # type: ignore[attr-defined]
            household = self.household(household_id)
            household.erase_address(actor, reason, traceparent)
            self.keys.destroy(session, household_id)
            self.save(household)
