from datetime import date
from typing import Any
from uuid import uuid4

import pytest

from services.intake.domain.institution import Institution
from services.intake.domain.reference import InstitutionType, LicensingStatus
from shared.rules import BusinessRuleBroken

S = LicensingStatus


def register(**changes: Any) -> Institution:
    fields: dict[str, Any] = {
        "name_lat": "Dar Al Atfal Khenifra",
        "name_ar": "دار الأطفال خنيفرة",
        "type": InstitutionType.SOCIAL_CARE_INSTITUTION,
        "province_code": "KHN",
        "commune_code": "KHN-001",
        "capacity": 60,
        "licensing_status": S.LICENSING_IN_PROGRESS,
        "managing_association_id": None,
        "actor": "caseworker-1",
    }
    return Institution.register(**{**fields, **changes})


def change(institution: Institution, status: LicensingStatus, on: date, reason: str = "x") -> None:
    institution.change_licensing(status=status, effective_on=on, reason=reason, actor="cw-2")


def test_registration_records_one_event_with_plain_values() -> None:
    institution = register(reason="inventaire 2021")
    [registered] = institution.collect_events()
    assert isinstance(registered, Institution.Registered)
    assert (registered.actor, registered.reason, registered.traceparent) == (
        "caseworker-1",
        "inventaire 2021",
        None,
    )
    assert registered.type == "social_care_institution" and type(registered.type) is str
    assert registered.licensing_status == "licensing_in_progress"
    assert institution.licensing_status is S.LICENSING_IN_PROGRESS
    assert institution.licensing_effective_on is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name_lat": " ", "name_ar": None}, "name_ar"),
        ({"province_code": "XXX"}, "province_code"),
        ({"capacity": 0}, "capacity"),
        ({"licensing_status": S.SUSPENDED}, "licensing_status"),
        ({"licensing_status": S.CLOSED}, "licensing_status"),
    ],
)
def test_broken_registration_rules_name_the_field(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(BusinessRuleBroken) as caught:
        register(**changes)
    assert caught.value.field == field


def test_an_arabic_name_alone_is_enough() -> None:
    assert register(name_lat=None).name_ar == "دار الأطفال خنيفرة"


def test_licensing_follows_its_lifecycle_and_records_each_change() -> None:
    institution = register()
    change(institution, S.LICENSED, date(2021, 3, 1), "licence granted")
    change(institution, S.SUSPENDED, date(2022, 1, 10))
    change(institution, S.LICENSED, date(2022, 6, 1))
    change(institution, S.CLOSED, date(2023, 1, 1))
    events = [
        e for e in institution.collect_events() if isinstance(e, Institution.LicensingChanged)
    ]
    assert [e.status for e in events] == ["licensed", "suspended", "licensed", "closed"]
    first = events[0]
    assert (first.effective_on, first.reason, first.actor) == (
        date(2021, 3, 1),
        "licence granted",
        "cw-2",
    )
    assert institution.licensing_status is S.CLOSED
    assert institution.licensing_effective_on == date(2023, 1, 1)


@pytest.mark.parametrize("start", [S.LICENSED, S.LICENSING_IN_PROGRESS])
def test_any_open_status_may_close(start: LicensingStatus) -> None:
    institution = register(licensing_status=start)
    change(institution, S.CLOSED, date(2024, 1, 1))
    assert institution.licensing_status is S.CLOSED


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        ([], S.SUSPENDED),  # in licensing: nothing to suspend
        ([], S.LICENSING_IN_PROGRESS),  # same status
        ([S.LICENSED], S.LICENSED),
        ([S.LICENSED], S.LICENSING_IN_PROGRESS),
        ([S.LICENSED, S.SUSPENDED], S.LICENSING_IN_PROGRESS),
        ([S.CLOSED], S.LICENSED),
        ([S.CLOSED], S.CLOSED),
    ],
)
def test_refused_transitions_name_the_status(
    path: list[LicensingStatus], refused: LicensingStatus
) -> None:
    institution = register()
    for status in path:
        change(institution, status, date(2021, 1, 1))
    before = institution.version
    with pytest.raises(BusinessRuleBroken) as caught:
        change(institution, refused, date(2021, 2, 1))
    assert caught.value.field == "status"
    assert institution.version == before


def test_a_licensing_change_needs_a_reason_and_a_date_not_before_the_last() -> None:
    institution = register()
    with pytest.raises(BusinessRuleBroken) as caught:
        change(institution, S.LICENSED, date(2021, 3, 1), reason=" ")
    assert caught.value.field == "reason"
    change(institution, S.LICENSED, date(2021, 3, 1))
    with pytest.raises(BusinessRuleBroken) as caught:
        change(institution, S.SUSPENDED, date(2021, 2, 28))
    assert caught.value.field == "effective_on"


def test_a_manager_can_be_assigned_and_changed_but_not_reassigned() -> None:
    first, second = uuid4(), uuid4()
    institution = register(managing_association_id=first)
    institution.assign_manager(association_id=second, actor="cw", reason="new agreement")
    assigned = institution.collect_events()[-1]
    assert isinstance(assigned, Institution.ManagerAssigned)
    assert (assigned.managing_association_id, assigned.reason) == (second, "new agreement")
    assert institution.managing_association_id == second
    with pytest.raises(BusinessRuleBroken) as caught:
        institution.assign_manager(association_id=second, actor="cw")
    assert caught.value.field == "managing_association_id"
