"""Recording what a households CSV's checked rows say: the household (registered unless its
head already heads one), its disaster impact, its members; each only when not already so."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from services.intake.application.beneficiary_views import BeneficiaryViews
from services.intake.application.errors import DUPLICATE_ERRORS
from services.intake.application.imports.csv_format import RowRejected
from services.intake.application.imports.household_rows import HouseholdLine, disagreements
from services.intake.application.imports.jobs import BatchOutcomes
from services.intake.application.imports.row_checks import NOT_ALLOWED
from services.intake.domain.beneficiary import Beneficiary
from services.intake.domain.household import Household
from services.intake.domain.reference import DamageLevel, Relation
from shared.rules import BusinessRuleBroken

UNKNOWN_PERSON = "no beneficiary enrolled with this national ID (enrol or import them first)"
NOT_VISIBLE = "not allowed for you (enrolled in a province outside yours)"
CHANGED_MEANWHILE = "row: the household changed while importing; import the file again"
# Fields named by the household rules, as the file's columns.
_COLUMN_OF_FIELD = {"head_id": "head_cin", "beneficiary_id": "member_cin", "reason": "disaster"}


def _rule_reason(error: BusinessRuleBroken) -> str:
    column = _COLUMN_OF_FIELD.get(error.field or "", error.field or "row")
    return f"{column}: {error}"


class HouseholdWrites(Protocol):
    """Where a batch's rows are recorded: `Households`, each change in a transaction of its
    own, or a `HouseholdBatch`, the whole batch in one."""

    def household(self, household_id: UUID) -> Household: ...

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
    ) -> UUID: ...

    def record_disaster_impact(
        self,
        household_id: UUID,
        disaster: str,
        *,
        evacuated: bool,
        damage: DamageLevel,
        actor: str,
        reason: str | None = None,
    ) -> None: ...

    def add_member(
        self,
        household_id: UUID,
        beneficiary_id: UUID,
        relation: Relation,
        *,
        actor: str,
        reason: str | None = None,
    ) -> None: ...


class HeadedHouseholds(Protocol):
    def household_headed_by(self, head_id: UUID) -> UUID | None: ...


class HouseholdRecorder:
    """The writes of one batch, by `actor` for `reason`, limited to the `allowed` provinces
    (None: any). People are looked up once per batch (records change, and memory stays
    small); `known` are those already looked up, by national ID (None: nobody holds it)."""

    def __init__(
        self,
        households: HouseholdWrites,
        views: HeadedHouseholds,
        people: BeneficiaryViews,
        actor: str,
        reason: str,
        allowed: frozenset[str] | None,
        known: Mapping[str, Beneficiary | None] | None = None,
    ) -> None:
        self.households = households
        self.views = views
        self.beneficiaries = people
        self.actor = actor
        self.reason = reason
        self.allowed = allowed
        self.people: dict[str, Beneficiary | None] = dict(known or {})

    def settle_head(self, line: HouseholdLine) -> tuple[UUID, bool]:
        """The household, registered if its head heads none yet, with the disaster's impact
        recorded unless already so; and whether anything was recorded."""
        assert line.province_code and line.commune_code and line.douar
        if self.allowed is not None and line.province_code not in self.allowed:
            raise RowRejected([NOT_ALLOWED])
        head = self.person(line.head_cin, "head_cin")
        changed = False
        try:
            household_id = self.views.household_headed_by(head.id)
            if household_id is None:
                household_id = self.households.register_household(
                    head.id,
                    line.province_code,
                    line.commune_code,
                    line.douar,
                    line.address,
                    actor=self.actor,
                    reason=self.reason,
                )
                changed = True
            elif (
                self.allowed is not None
                and self.households.household(household_id).province_code not in self.allowed
            ):
                raise RowRejected([NOT_ALLOWED])
            if line.disaster is not None:
                assert line.evacuated is not None and line.damage is not None
                recorded = self.households.household(household_id).impacts.get(line.disaster)
                wanted = {
                    "disaster": line.disaster,
                    "evacuated": line.evacuated,
                    "damage": str(line.damage),
                }
                if recorded != wanted:
                    self.households.record_disaster_impact(
                        household_id,
                        line.disaster,
                        evacuated=line.evacuated,
                        damage=line.damage,
                        actor=self.actor,
                        reason=self.reason,
                    )
                    changed = True
        except BusinessRuleBroken as e:
            raise RowRejected([_rule_reason(e)]) from None
        except DUPLICATE_ERRORS:
            raise RowRejected([CHANGED_MEANWHILE]) from None
        return household_id, changed

    def add_members(
        self,
        head_row: int,
        household_id: UUID,
        head_line: HouseholdLine,
        members: list[tuple[int, HouseholdLine | RowRejected]],
        out: BatchOutcomes,
    ) -> None:
        if not members:
            return
        current = dict(self.households.household(household_id).members)
        for number, line in members:
            if isinstance(line, RowRejected):
                out.reject(number, line.reasons)
                continue
            reasons = disagreements(line, head_line, head_row)
            if reasons:
                out.reject(number, reasons)
                continue
            assert line.member_cin is not None
            try:
                member = self.person(line.member_cin, "member_cin")
                relation = current.get(str(member.id))
                if relation == line.relation:
                    out.duplicate(number, household_id)
                    continue
                if relation is not None:
                    raise RowRejected(
                        [f"relation: already a member of this household as {relation}"]
                    )
                self.households.add_member(
                    household_id, member.id, line.relation, actor=self.actor, reason=self.reason
                )
            except RowRejected as e:
                out.reject(number, e.reasons)
                continue
            except BusinessRuleBroken as e:
                out.reject(number, [_rule_reason(e)])
                continue
            except DUPLICATE_ERRORS:
                out.reject(number, [CHANGED_MEANWHILE])
                current = dict(self.households.household(household_id).members)
                continue
            current[str(member.id)] = str(line.relation)
            out.accept(number, household_id)

    def person(self, cin: str, column: str) -> Beneficiary:
        """The enrolled beneficiary with this national ID (following merges), visible to
        the caller; RowRejected naming `column` otherwise."""
        if cin not in self.people:
            found = self.beneficiaries.find_by_national_id(cin)
            person = None
            if found is not None:
                try:
                    person = self.beneficiaries.existing_beneficiary(
                        self.beneficiaries.resolve(found)
                    )
                except AggregateNotFoundError:
                    person = None
            self.people[cin] = person
        person = self.people[cin]
        if person is None:
            raise RowRejected([f"{column}: {UNKNOWN_PERSON}"])
        if self.allowed is not None and person.province_code not in self.allowed:
            raise RowRejected([f"{column}: {NOT_VISIBLE}"])
        return person
