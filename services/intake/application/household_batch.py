"""Many households changed in one transaction: a census, a batch of an import's rows. The same
aggregates, rules, events, keys and index rows as `Households` writes one change at a time;
what it buys is one commit per batch instead of one per change, and one read of the batch's
people and households instead of several per row.

Load the people and households the batch names (`load`), act on them in memory through the
methods `Households` has (register, record an impact, add a member), then `save`: their new
events, and one index row each, written or brought up to date, in the open transaction."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError

from services.intake.application.ports import Changes, EventStore
from services.intake.application.records import disasters_column
from services.intake.application.reference import ReferenceData
from services.intake.application.sealing import record_of_kind
from services.intake.domain.beneficiary import Beneficiary
from services.intake.domain.household import Household, HouseholdAddress
from services.intake.domain.household_rules import (
    HeadMustBeAnOpenRecord,
    HeadMustBeEnrolled,
    MemberMustBeAnOpenRecord,
    MemberMustBeEnrolled,
)
from services.intake.domain.reference import DamageLevel, Relation
from services.intake.domain.rules import ProvinceMustBeKnown
from services.intake.privacy.sealing import seal
from shared.rules import BusinessRule, BusinessRuleBroken, check


def new_household(
    tx: Changes,
    reference: ReferenceData,
    head: Beneficiary,
    province_code: str,
    commune_code: str,
    douar: str,
    address: str | None,
    *,
    actor: str,
    reason: str | None,
    traceparent: str | None,
) -> Household:
    """A household registered with its own key, made in `tx`. Every rule is checked before
    the key is made, so a refused household leaves nothing in a batch's transaction."""
    place = HouseholdAddress(douar=douar, address=address)
    place.validate()
    reference.check_residence(province_code, commune_code)
    check(HeadMustBeAnOpenRecord(head.merged_into, head.erased), ProvinceMustBeKnown(province_code))
    household_id = uuid4()
    key = tx.new_key(household_id)
    return Household.register(
        household_id=household_id,
        head_id=head.id,
        province_code=province_code,
        commune_code=commune_code,
        sealed_address=seal(key, place.to_fields(), str(household_id)),
        actor=actor,
        reason=reason,
        traceparent=traceparent,
    )


def index_row(household: Household) -> dict[str, object]:
    """The household's row in the household index, as it stands."""
    return {
        "household_id": household.id,
        "province_code": household.province_code,
        "commune_code": household.commune_code,
        "head_id": household.head_id,
        "disasters": disasters_column(household.impacts),
        "member_count": household.member_count,
    }


class HouseholdBatch:
    """Households and the people they name, held in memory for one transaction (`tx`)."""

    def __init__(self, store: EventStore, reference: ReferenceData, tx: Changes) -> None:
        self._store = store
        self._reference = reference
        self._tx = tx
        self._people: dict[UUID, Beneficiary] = {}
        self._headed: dict[UUID, UUID] = {}  # head → the first household registered with them
        self._households: dict[UUID, Household] = {}
        self._touched: dict[UUID, Household] = {}  # in the order first changed
        self._registered: set[UUID] = set()

    def load(
        self,
        people: Collection[Beneficiary],
        headed: Mapping[UUID, UUID],
        households: Mapping[UUID, object],
    ) -> None:
        """What the batch names, read beforehand: people, who heads which household (head →
        household) and those households (by id; records of another kind are left out)."""
        self._people.update((p.id, p) for p in people)
        self._headed.update(headed)
        self._households.update((i, h) for i, h in households.items() if isinstance(h, Household))

    def household_headed_by(self, head_id: UUID) -> UUID | None:
        return self._headed.get(head_id)

    def household(self, household_id: UUID) -> Household:
        if household_id not in self._households:
            self._households[household_id] = record_of_kind(self._store, household_id, Household)
        return self._households[household_id]

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
    ) -> UUID:
        head = self._person(head_id, HeadMustBeEnrolled(enrolled=False))
        household = new_household(
            self._tx, self._reference, head, province_code, commune_code, douar, address,
            actor=actor, reason=reason, traceparent=None,
        )  # fmt: skip
        self._households[household.id] = self._touched[household.id] = household
        self._registered.add(household.id)
        self._headed.setdefault(head_id, household.id)
        return household.id

    def record_disaster_impact(
        self,
        household_id: UUID,
        disaster: str,
        *,
        evacuated: bool,
        damage: DamageLevel,
        actor: str,
        reason: str | None = None,
    ) -> None:
        household = self.household(household_id)
        household.record_disaster_impact(disaster, evacuated, damage, actor, reason)
        self._touched[household_id] = household

    def add_member(
        self,
        household_id: UUID,
        beneficiary_id: UUID,
        relation: Relation,
        *,
        actor: str,
        reason: str | None = None,
    ) -> None:
        household = self.household(household_id)
        member = self._person(beneficiary_id, MemberMustBeEnrolled(enrolled=False))
        if beneficiary_id != household.head_id:
            check(MemberMustBeAnOpenRecord(member.merged_into, member.erased))
        household.add_member(beneficiary_id, relation, actor, reason)
        self._touched[household_id] = household

    def save(self) -> list[UUID]:
        """Every household changed, with its index row, in the transaction; their ids."""
        for household_id, household in self._touched.items():
            row = index_row(household)
            if household_id in self._registered:
                self._tx.add_household(**row)
            else:
                self._tx.change_household(
                    household_id, disasters=row["disasters"], member_count=row["member_count"]
                )
        self._tx.save(*self._touched.values())
        return list(self._touched)

    def _person(self, beneficiary_id: UUID, missing: BusinessRule) -> Beneficiary:
        if beneficiary_id not in self._people:
            try:
                self._people[beneficiary_id] = record_of_kind(
                    self._store, beneficiary_id, Beneficiary
                )
            except AggregateNotFoundError as e:
                raise BusinessRuleBroken(missing) from e
        return self._people[beneficiary_id]
