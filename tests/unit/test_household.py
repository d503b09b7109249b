"""A household's rules and events, and what of them leaves intake."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID, uuid4

import pytest

from services.intake.domain.household import Household, HouseholdAddress
from services.intake.domain.reference import DamageLevel, Relation
from services.intake.interfaces.publishing import to_integration_event as translate
from shared.contracts import ContractRegistry
from shared.contracts import intake_households as contracts
from shared.rules import BusinessRuleBroken

FLOODS = "floods-2026-02-north-west"
HEAD = UUID("00000000-0000-4000-8000-000000000001")


def register(**changes: Any) -> Household:
    fields: dict[str, Any] = {
        "head_id": HEAD,
        "province_code": "LAR",
        "commune_code": "LAR-002",
        "sealed_address": "sealed",
        "actor": "caseworker-1",
        "reason": None,
        "traceparent": None,
    }
    return Household.register(household_id=uuid4(), **{**fields, **changes})


def broken_field(action: Any, *args: Any) -> str | None:
    with pytest.raises(BusinessRuleBroken) as caught:
        action(*args)
    return caught.value.field


def replayed(household: Household) -> Household:
    """The household rebuilt from its events alone, as the repository does."""
    copy: Any = None
    for e in household.collect_events():
        copy = e.mutate(copy)
    assert isinstance(copy, Household)
    return copy


def test_registration_records_one_event_with_the_head_as_first_member() -> None:
    household = register()
    assert (household.head_id, household.member_count) == (HEAD, 1)
    assert household.members == {str(HEAD): "head"}
    [registered] = household.collect_events()
    assert isinstance(registered, Household.Registered)
    assert (registered.actor, registered.province_code) == ("caseworker-1", "LAR")
    assert registered.originator_id == household.id


def test_an_unknown_province_is_refused() -> None:
    assert broken_field(lambda: register(province_code="XXX")) == "province_code"


def test_the_douar_is_required() -> None:
    assert broken_field(HouseholdAddress(douar=" ", address="12 rue").validate) == "douar"
    HouseholdAddress(douar="Douar Lkhlot", address=None).validate()


def test_members_join_with_their_relation_to_the_head() -> None:
    household = register()
    child, spouse = uuid4(), uuid4()
    household.add_member(child, Relation.CHILD, "cw", None)
    household.add_member(spouse, Relation.SPOUSE, "cw", "married")
    assert household.member_count == 3
    assert household.members[str(spouse)] == "spouse"
    events = household.collect_events()
    added = events[-1]
    assert isinstance(added, Household.MemberAdded)
    assert (added.beneficiary_id, added.relation, added.reason) == (spouse, "spouse", "married")


@pytest.mark.parametrize(
    ("who", "relation", "field"),
    [
        ("head", Relation.CHILD, "beneficiary_id"),  # the head can't be added twice
        ("member", Relation.SIBLING, "beneficiary_id"),  # already a member
        ("new", Relation.HEAD, "relation"),  # one head only
    ],
)
def test_membership_rules_name_the_field(who: str, relation: Relation, field: str) -> None:
    household = register()
    member = uuid4()
    household.add_member(member, Relation.CHILD, "cw")
    beneficiary = {"head": HEAD, "member": member, "new": uuid4()}[who]
    assert broken_field(household.add_member, beneficiary, relation, "cw") == field
    assert household.member_count == 2


def test_a_member_is_removed_with_a_reason_but_never_the_head() -> None:
    household = register()
    member = uuid4()
    household.add_member(member, Relation.PARENT, "cw")
    assert broken_field(household.remove_member, HEAD, "cw", "left") == "beneficiary_id"
    assert broken_field(household.remove_member, uuid4(), "cw", "left") == "beneficiary_id"
    assert broken_field(household.remove_member, member, "cw", " ") == "reason"
    household.remove_member(member, "cw", "moved to Tanger")
    assert household.member_count == 1
    removed = household.collect_events()[-1]
    assert isinstance(removed, Household.MemberRemoved)
    assert (removed.beneficiary_id, removed.reason) == (member, "moved to Tanger")
    # Removed members may join again.
    household.add_member(member, Relation.PARENT, "cw")
    assert household.member_count == 2


def test_a_disaster_impact_carries_the_province_and_a_second_one_corrects_it() -> None:
    household = register()
    household.record_disaster_impact(FLOODS, True, DamageLevel.REPAIRABLE, "cw")
    assert household.impacts[FLOODS] == {
        "disaster": FLOODS,
        "evacuated": True,
        "damage": "repairable",
    }
    field = broken_field(
        household.record_disaster_impact, FLOODS, True, DamageLevel.DESTROYED, "cw", None
    )
    assert field == "reason"  # a correction says why
    household.record_disaster_impact(
        FLOODS, True, DamageLevel.DESTROYED, "cw", "second survey: walls collapsed"
    )
    assert household.impacts[FLOODS]["damage"] == "destroyed"
    assert len(household.impacts) == 1
    recorded = household.collect_events()[-1]
    assert isinstance(recorded, Household.DisasterImpactRecorded)
    assert (recorded.province_code, recorded.damage, recorded.evacuated) == (
        "LAR",
        "destroyed",
        True,
    )


def test_only_named_disasters_are_recorded() -> None:
    household = register()
    field = broken_field(
        household.record_disaster_impact, "earthquake", False, DamageLevel.NONE, "cw"
    )
    assert field == "disaster"


def test_the_address_is_corrected_with_a_reason_then_erased_for_good() -> None:
    household = register()
    assert broken_field(household.correct_address, "resealed", "cw", "") == "reason"
    household.correct_address("resealed", "cw", "wrong douar")
    assert household.sealed_address == "resealed"
    assert broken_field(household.erase_address, "cw", "") == "reason"
    household.erase_address("cw", "the family asked (law 09-08)")
    household.erase_address("cw", "asked twice")  # no second event
    assert household.erased
    assert broken_field(household.correct_address, "again", "cw", "r") == "douar"
    names = [type(e).__name__ for e in household.collect_events()]
    assert names == ["Registered", "AddressCorrected", "AddressErased"]


def test_replaying_the_events_rebuilds_the_same_state_without_rerunning_rules() -> None:
    household = register()
    member = uuid4()
    household.add_member(member, Relation.GRANDCHILD, "cw")
    household.record_disaster_impact(FLOODS, False, DamageLevel.NONE, "cw")
    household.record_disaster_impact(FLOODS, True, DamageLevel.REPAIRABLE, "cw", "resurvey")
    household.remove_member(member, "cw", "left")
    household.erase_address("cw", "asked")
    copy = replayed(household)
    assert (copy.members, copy.impacts, copy.erased) == (
        {str(HEAD): "head"},
        {FLOODS: {"disaster": FLOODS, "evacuated": True, "damage": "repairable"}},
        True,
    )
    assert copy.version == 6


def test_household_events_become_contracts_without_the_address() -> None:
    household = register(sealed_address="SEALED-DOUAR-OULAD-OGBANE")
    member = uuid4()
    household.add_member(member, Relation.SPOUSE, "cw")
    household.record_disaster_impact(FLOODS, True, DamageLevel.DESTROYED, "cw")
    household.remove_member(member, "cw", "divorce")
    household.correct_address("SEALED-AGAIN", "cw", "typo")
    household.erase_address("cw", "asked")
    published = [translate(e) for e in household.collect_events()]
    # Address corrections and erasures stay inside intake.
    assert [p is None for p in published] == [False, False, False, False, True, True]
    payloads = [p.payload for p in published if p is not None]
    assert all(p.topic == contracts.HOUSEHOLDS_TOPIC for p in published if p is not None)
    assert payloads == [
        contracts.HouseholdRegisteredV1(
            household_id=household.id, head_id=HEAD, province_code="LAR", commune_code="LAR-002"
        ),
        contracts.HouseholdMemberAddedV1(
            household_id=household.id, beneficiary_id=member, relation="spouse"
        ),
        contracts.HouseholdDisasterImpactRecordedV1(
            household_id=household.id,
            province_code="LAR",
            disaster=FLOODS,
            evacuated=True,
            damage="destroyed",
        ),
        contracts.HouseholdMemberRemovedV1(household_id=household.id, beneficiary_id=member),
    ]
    for payload in payloads:
        fields = set(type(payload).model_fields)
        assert not fields & {"douar", "address", "sealed_address", "reason"}
        assert "SEALED" not in json.dumps(payload.model_dump(mode="json"))


def test_household_contracts_are_registered() -> None:
    registry = ContractRegistry()
    contracts.register(registry)
    for contract in contracts.CONTRACTS:
        assert registry.payload_class(contract.TYPE, contract.VERSION) is contract
