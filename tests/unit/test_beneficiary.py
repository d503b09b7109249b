from datetime import date
from typing import Any

import pytest

from services.intake.domain.beneficiary import Beneficiary
from services.intake.domain.reference import Category
from shared.rules import BusinessRuleBroken

TODAY = date(2026, 11, 22)


def enrol(**changes: Any) -> Beneficiary:
    fields: dict[str, Any] = {
        "name_ar": "عائشة العلوي",
        "name_lat": "Aicha Alaoui",
        "cin": "LA98765",
        "birth_date": date(1979, 11, 23),
        "province_code": "LAR",
        "category": Category.DISASTER_AFFECTED,
        "actor": "caseworker-1",
        "today": TODAY,
    }
    return Beneficiary.enrol(**{**fields, **changes})


def test_enrolment_records_one_event_with_who_did_it() -> None:
    beneficiary = enrol()
    [enrolled] = beneficiary.collect_events()
    assert isinstance(enrolled, Beneficiary.Enrolled)
    assert enrolled.actor == "caseworker-1"
    assert enrolled.category == "disaster_affected"
    assert beneficiary.category is Category.DISASTER_AFFECTED


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"cin": "123456"}, "cin"),
        ({"cin": "abc123"}, "cin"),
        ({"name_ar": " ", "name_lat": None}, "name_ar"),
        ({"birth_date": date(2027, 1, 1)}, "birth_date"),
        ({"province_code": "XXX"}, "province_code"),
    ],
)
def test_broken_rules_name_the_field(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(BusinessRuleBroken) as caught:
        enrol(**changes)
    assert caught.value.field == field


def test_a_minor_without_national_id_and_only_an_arabic_name_is_fine() -> None:
    child = enrol(cin=None, name_lat=None, birth_date=date(2016, 5, 1))
    assert child.cin is None
