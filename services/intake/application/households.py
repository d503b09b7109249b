"""Households: registering them, their members, the disasters that hit them, their address.

Every change is a new event with who and why. The address (douar, street or house) is sealed
with a key of the household's own, in the same vault as the beneficiaries' keys; destroying
the key erases it everywhere while the members, impacts and counts remain.
"""

from __future__ import annotations

from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from services.intake.application.household_batch import index_row, new_household
from services.intake.application.ports import EventStore, UnitOfWork
from services.intake.application.records import disasters_column
from services.intake.application.reference import ReferenceData
from services.intake.application.scope import EVERYWHERE, Scope
from services.intake.application.sealing import record_of_kind
from services.intake.domain.beneficiary import Beneficiary
from services.intake.domain.household import Household, HouseholdAddress
from services.intake.domain.household_rules import (
    ErasedAddressStaysErased,
    HeadMustBeEnrolled,
    MemberMustBeAnOpenRecord,
    MemberMustBeEnrolled,
)
from services.intake.domain.reference import DamageLevel, Relation
from services.intake.privacy.sealing import seal
from shared.rules import BusinessRule, BusinessRuleBroken, check


class Households:
    def __init__(self, store: EventStore, reference: ReferenceData, records: UnitOfWork) -> None:
        self._store = store
        self._reference = reference
        self._records = records

    def household(self, household_id: UUID) -> Household:
        return record_of_kind(self._store, household_id, Household)

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
        scope: Scope = EVERYWHERE,
    ) -> UUID:
        """The head must be an enrolled beneficiary the caller may see (HeadMustBeEnrolled)."""
        scope.require_acting_in(province_code)
        head = self._person(head_id, HeadMustBeEnrolled(enrolled=False), scope)
        with self._records.transaction() as tx:
            household = new_household(
                tx, self._reference, head, province_code, commune_code, douar, address,
                actor=actor, reason=reason, traceparent=traceparent,
            )  # fmt: skip
            tx.add_household(**index_row(household))
            tx.save(household)
        return household.id

    def add_member(
        self,
        household_id: UUID,
        beneficiary_id: UUID,
        relation: Relation,
        *,
        actor: str,
        reason: str | None = None,
        traceparent: str | None = None,
        scope: Scope = EVERYWHERE,
    ) -> None:
        """The member must be an enrolled beneficiary the caller may see (MemberMustBeEnrolled)."""
        with self._records.transaction() as tx:
            household = self._writable(household_id, scope)
            member = self._person(beneficiary_id, MemberMustBeEnrolled(enrolled=False), scope)
            if beneficiary_id != household.head_id:
                check(MemberMustBeAnOpenRecord(member.merged_into, member.erased))
            household.add_member(beneficiary_id, relation, actor, reason, traceparent)
            tx.change_household(household_id, member_count=household.member_count)
            tx.save(household)

    def remove_member(
        self,
        household_id: UUID,
        beneficiary_id: UUID,
        *,
        actor: str,
        reason: str,
        traceparent: str | None = None,
        scope: Scope = EVERYWHERE,
    ) -> None:
        with self._records.transaction() as tx:
            household = self._writable(household_id, scope)
            household.remove_member(beneficiary_id, actor, reason, traceparent)
            tx.change_household(household_id, member_count=household.member_count)
            tx.save(household)

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
        scope: Scope = EVERYWHERE,
    ) -> None:
        """Recording a disaster again for the same household corrects (replaces) the first."""
        with self._records.transaction() as tx:
            household = self._writable(household_id, scope)
            household.record_disaster_impact(
                disaster, evacuated, damage, actor, reason, traceparent
            )
            tx.change_household(household_id, disasters=disasters_column(household.impacts))
            tx.save(household)

    def correct_address(
        self,
        household_id: UUID,
        douar: str,
        address: str | None,
        *,
        actor: str,
        reason: str,
        traceparent: str | None = None,
        scope: Scope = EVERYWHERE,
    ) -> None:
        """Replace the douar and street or house description; the old ones stay in history."""
        with self._records.transaction() as tx:
            household = self._writable(household_id, scope)
            place = HouseholdAddress(douar=douar, address=address)
            place.validate()
            key = tx.key_for(household_id)
            check(ErasedAddressStaysErased(household.erased or key is None))
            assert key is not None
            sealed = seal(key, place.to_fields(), str(household_id))
            household.correct_address(sealed, actor, reason, traceparent)
            tx.save(household)

    def erase_household_address(
        self,
        household_id: UUID,
        *,
        actor: str,
        reason: str,
        traceparent: str | None = None,
        scope: Scope = EVERYWHERE,
    ) -> None:
        """Destroy the household's key (law 09-08 erasure): the address reads as erased
        everywhere from now on; the members, disaster impacts and history remain."""
        with self._records.transaction() as tx:
            household = self._writable(household_id, scope)
            household.erase_address(actor, reason, traceparent)
            tx.destroy_key(household_id)
            tx.save(household)

    def _writable(self, household_id: UUID, scope: Scope) -> Household:
        household = self.household(household_id)
        scope.require_acting_in(household.province_code)
        return household

    def _person(self, beneficiary_id: UUID, missing: BusinessRule, scope: Scope) -> Beneficiary:
        """A beneficiary named by the caller: it must exist (else `missing` is broken, naming
        the field) and be visible to them."""
        try:
            person = record_of_kind(self._store, beneficiary_id, Beneficiary)
        except AggregateNotFoundError as e:
            raise BusinessRuleBroken(missing) from e
        scope.require_seeing(person.province_code)
        return person
