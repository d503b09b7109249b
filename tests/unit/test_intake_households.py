"""Households through intake's use cases, in memory: registering them, members, disaster
impacts, address corrections and erasure, lists and scope (what
tests/integration/test_households_api.py checks over HTTP)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from uuid import UUID

import pytest
from eventsourcing.application import AggregateNotFoundError

from services.intake.application import Intake
from services.intake.application.records import NotYetRecorded
from services.intake.domain.reference import DamageLevel, Relation
from shared.auth import NotAllowed
from tests.unit.intake_memory import (
    FLOODS,
    SAFI,
    broken,
    enrolled,
    events_of,
    in_memory_intake,
    scope,
)

DOUAR, STREET = "Douar Oulad Ogbane", "Maison 14, derb Sidi Kacem"
REPAIRABLE, DESTROYED = DamageLevel.REPAIRABLE, DamageLevel.DESTROYED


def registered(intake: Intake, head: UUID | None = None, province_code: str = "LAR") -> UUID:
    head = head or enrolled(intake, province_code)
    return intake.households.register_household(
        head, province_code, f"{province_code}-001", DOUAR, STREET, actor="cw-larache"
    )


def impact(intake: Intake, household_id: UUID, disaster: str = FLOODS, **changes: object) -> None:
    fields: dict[str, object] = {"evacuated": True, "damage": REPAIRABLE, "actor": "cw-larache"}
    intake.households.record_disaster_impact(household_id, disaster, **(fields | changes))  # type: ignore[arg-type]


def test_a_household_is_registered_shown_and_its_history_kept() -> None:
    intake = in_memory_intake()
    head = enrolled(intake)
    household_id = registered(intake, head)
    shown = intake.household_views.read_household(household_id)
    assert (shown.douar, shown.address, shown.erased) == (DOUAR, STREET, False)
    assert shown.members == [{"beneficiary_id": head, "relation": "head"}]
    assert (shown.member_count, shown.version, shown.disaster_impacts) == (1, 1, [])
    time.sleep(0.001)  # the impact's timestamp comes strictly after the registration's
    impact(intake, household_id)
    time.sleep(0.001)
    impact(intake, household_id, damage=DESTROYED, reason="second survey: roof collapsed")
    intake.households.correct_address(
        household_id, "Douar Lkhlot", None, actor="cw-larache", reason="wrong douar"
    )
    history = intake.household_views.history(household_id)
    assert [(e.what, e.who) for e in history] == [
        ("Registered", "cw-larache"),
        ("DisasterImpactRecorded", "cw-larache"),
        ("DisasterImpactRecorded", "cw-larache"),
        ("AddressCorrected", "cw-larache"),
    ]
    assert history[2].why == "second survey: roof collapsed"
    now = intake.household_views.read_household(household_id)
    assert (now.douar, now.address, now.version) == ("Douar Lkhlot", None, 4)
    assert now.disaster_impacts == [{"disaster": FLOODS, "evacuated": True, "damage": "destroyed"}]
    before = intake.household_views.read_household(household_id, as_of=history[0].when)
    assert (before.disaster_impacts, before.douar) == ([], DOUAR)
    after = intake.household_views.read_household(household_id, as_of=history[1].when)
    assert after.disaster_impacts[0]["damage"] == "repairable"
    with pytest.raises(NotYetRecorded):
        intake.household_views.read_household(
            household_id, as_of=history[0].when.replace(year=2020)
        )
    stored = list(intake.store.repository.event_store.get(household_id))
    assert all("Ogbane" not in json.dumps(e.__dict__, default=str) for e in stored)


def test_members_join_and_leave_by_the_rules() -> None:
    intake = in_memory_intake()
    head, spouse, child = enrolled(intake), enrolled(intake), enrolled(intake)
    household_id = registered(intake, head)

    def add(beneficiary_id: UUID, relation: Relation, reason: str | None = None) -> None:
        intake.households.add_member(
            household_id, beneficiary_id, relation, actor="cw", reason=reason
        )

    def remove(beneficiary_id: UUID, reason: str = "r") -> None:
        intake.households.remove_member(household_id, beneficiary_id, actor="cw", reason=reason)

    add(spouse, Relation.SPOUSE)
    add(child, Relation.CHILD, reason="born 2014")
    refusals: list[tuple[str, Callable[[], None]]] = [
        ("beneficiary_id", lambda: add(spouse, Relation.SIBLING)),  # already a member
        ("beneficiary_id", lambda: add(head, Relation.CHILD)),  # the head, again
        ("relation", lambda: add(enrolled(intake), Relation.HEAD)),  # one head only
        ("beneficiary_id", lambda: add(UUID(int=7), Relation.CHILD)),  # nobody enrolled
        ("beneficiary_id", lambda: remove(head)),
        ("beneficiary_id", lambda: remove(enrolled(intake))),  # not a member
        ("reason", lambda: remove(child, reason=" ")),
    ]
    for field, refused in refusals:
        with broken(field):
            refused()
    with pytest.raises(AggregateNotFoundError):  # the HTTP layer's 404
        intake.households.add_member(UUID(int=7), child, Relation.CHILD, actor="cw")
    remove(child, reason="married, own household")
    shown = intake.household_views.read_household(household_id)
    assert shown.member_count == 2
    assert shown.members == [
        {"beneficiary_id": head, "relation": "head"},
        {"beneficiary_id": spouse, "relation": "spouse"},
    ]
    history = intake.household_views.history(household_id)
    assert (history[-1].what, history[-1].why) == ("MemberRemoved", "married, own household")
    assert intake.household_views.search_households(provinces=None)[0][0].member_count == 2


def test_registrations_and_impacts_name_the_field_they_break() -> None:
    intake = in_memory_intake()
    head = enrolled(intake)
    households = intake.households
    with broken("douar"):
        households.register_household(head, "LAR", "LAR-001", " ", None, actor="cw")
    with broken("commune_code"):
        households.register_household(head, "LAR", "LAR-999", DOUAR, None, actor="cw")
    with broken("head_id"):
        households.register_household(UUID(int=7), "LAR", "LAR-001", DOUAR, None, actor="cw")
    household_id = registered(intake, head)
    with broken("disaster"):
        impact(intake, household_id, disaster="earthquake")
    impact(intake, household_id)
    with broken("reason"):  # a second record of the same disaster corrects the first
        impact(intake, household_id, damage=DESTROYED)
    with broken("reason"):
        households.correct_address(household_id, "D", None, actor="cw", reason=" ")
    assert events_of(intake)(household_id) == ["Registered", "DisasterImpactRecorded"]


def test_a_merged_or_erased_person_joins_no_household() -> None:
    intake = in_memory_intake()
    erased = enrolled(intake)
    intake.changes.erase_personal_data(erased, actor="cw", reason="law 09-08")
    with broken("head_id"):
        registered(intake, erased)
    household_id = registered(intake)
    with broken("beneficiary_id"):
        intake.households.add_member(household_id, erased, Relation.CHILD, actor="cw")


def test_a_caller_acts_on_households_of_their_provinces_only() -> None:
    intake = in_memory_intake()
    household_id = registered(intake)
    kenitra, households = scope("KEN"), intake.households
    attempts: list[Callable[[], object]] = [
        lambda: households.register_household(
            enrolled(intake), "LAR", "LAR-001", DOUAR, None, actor="cw", scope=kenitra
        ),
        lambda: households.add_member(
            household_id, enrolled(intake), Relation.CHILD, actor="cw", scope=kenitra
        ),
        lambda: impact(intake, household_id, SAFI, scope=kenitra),
        lambda: households.correct_address(
            household_id, "D", None, actor="cw", reason="r", scope=kenitra
        ),
        lambda: households.erase_household_address(
            household_id, actor="cw", reason="r", scope=kenitra
        ),
        # Nobody from a province the caller may not see is pulled into a household.
        lambda: households.add_member(
            household_id, enrolled(intake, "KEN"), Relation.CHILD, actor="cw", scope=scope("LAR")
        ),
        lambda: registered_by_larache(intake, enrolled(intake, "KEN")),
    ]
    for attempt in attempts:
        with pytest.raises(NotAllowed):
            attempt()
    assert events_of(intake)(household_id) == ["Registered"]


def registered_by_larache(intake: Intake, head: UUID) -> UUID:
    return intake.households.register_household(
        head, "LAR", "LAR-001", DOUAR, None, actor="cw", scope=scope("LAR")
    )


def test_erasure_leaves_the_members_and_impacts() -> None:
    intake = in_memory_intake()
    household_id = registered(intake)
    intake.households.add_member(household_id, enrolled(intake), Relation.SPOUSE, actor="cw")
    impact(intake, household_id, damage=DESTROYED)
    with broken("reason"):
        intake.households.erase_household_address(household_id, actor="cw", reason=" ")
    intake.households.erase_household_address(household_id, actor="cw", reason="asked (09-08)")
    shown = intake.household_views.read_household(household_id)
    assert (shown.douar, shown.address, shown.erased, shown.member_count) == (None, None, True, 2)
    assert shown.disaster_impacts == [
        {"disaster": FLOODS, "evacuated": True, "damage": "destroyed"}
    ]
    history = intake.household_views.history(household_id)
    assert (history[-1].what, history[-1].why) == ("AddressErased", "asked (09-08)")
    first = intake.household_views.read_household(household_id, as_of=history[0].when)
    assert (first.douar, first.erased) == (None, True)  # the key is gone for every version
    with broken("douar"):
        intake.households.correct_address(household_id, DOUAR, None, actor="cw", reason="back")
    [listed], total = intake.household_views.search_households(provinces=None, disaster=FLOODS)
    assert (total, listed.erased) == (1, True)


def test_households_are_listed_by_province_and_disaster_oldest_first() -> None:
    intake = in_memory_intake()
    larache = [registered(intake) for _ in range(3)]
    kenitra = registered(intake, province_code="KEN")
    impact(intake, larache[0])
    impact(intake, larache[2], SAFI, evacuated=False, damage=DamageLevel.NONE)
    impact(intake, kenitra, damage=DESTROYED)
    views = intake.household_views

    def ids(provinces: frozenset[str] | None = None, **filters: object) -> tuple[list[UUID], int]:
        found, total = views.search_households(provinces=provinces, **filters)  # type: ignore[arg-type]
        return [h.household_id for h in found], total

    assert ids() == ([*larache, kenitra], 4)
    assert ids(frozenset({"LAR"})) == (larache, 3)
    assert ids(province="KEN") == ([kenitra], 1)
    assert ids(disaster=FLOODS) == ([larache[0], kenitra], 2)
    assert ids(frozenset({"LAR"}), disaster=FLOODS) == ([larache[0]], 1)
    assert ids(disaster=SAFI) == ([larache[2]], 1)
    assert ids(limit=2, offset=2) == ([larache[2], kenitra], 4)
    assert ids(frozenset({"KHN"})) == ([], 0)
    with broken("disaster"):
        views.search_households(provinces=None, disaster="x")
    heads = [views.read_household(h).head_id for h in larache]
    assert [views.household_headed_by(h) for h in heads] == larache
    assert views.household_headed_by(UUID(int=7)) is None
