from datetime import date
from typing import Any
from uuid import uuid4

import pytest

from services.intake.domain.beneficiary import Beneficiary, category_entry
from services.intake.domain.personal import PersonalData
from services.intake.domain.reference import BeneficiaryStatus, Category
from shared.rules import BusinessRuleBroken

TODAY = date(2026, 11, 22)


def person(**changes: Any) -> PersonalData:
    fields: dict[str, Any] = {
        "name_ar": "عائشة العلوي",
        "name_lat": "Aicha Alaoui",
        "cin": "LA98765",
        "civil_registry_ref": None,
        "birth_date": date(1979, 11, 23),
        "phone": "0612345678",
        "address": "douar Oulad Ogbane",
    }
    return PersonalData(**{**fields, **changes})


def enrol(**changes: Any) -> Beneficiary:
    fields: dict[str, Any] = {
        "sealed_personal": "sealed",
        "sex": "F",
        "province_code": "LAR",
        "commune_code": "LAR-002",
        "categories": [
            category_entry(Category.DISASTER_AFFECTED, evidence="flood census", since=TODAY)
        ],
        "actor": "caseworker-1",
        "reason": None,
        "traceparent": None,
    }
    return Beneficiary.enrol(beneficiary_id=uuid4(), **{**fields, **changes})


def test_enrolment_records_one_event_with_who_did_it() -> None:
    beneficiary = enrol()
    [enrolled] = beneficiary.collect_events()
    assert isinstance(enrolled, Beneficiary.Enrolled)
    assert enrolled.actor == "caseworker-1"
    assert enrolled.categories[0]["category"] == "disaster_affected"
    assert beneficiary.status is BeneficiaryStatus.ENROLLED


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"cin": "123456"}, "cin"),
        ({"cin": "abc123"}, "cin"),
        ({"name_ar": " ", "name_lat": None}, "name_ar"),
        ({"birth_date": date(2027, 1, 1)}, "birth_date"),
        ({"cin": None, "civil_registry_ref": None}, "cin"),
        ({"phone": "12345"}, "phone"),
    ],
)
def test_personal_data_rules_name_the_field(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(BusinessRuleBroken) as caught:
        person(**changes).validate(TODAY)
    assert caught.value.field == field


def test_a_minor_without_national_id_uses_the_civil_registry() -> None:
    child = person(cin=None, civil_registry_ref="LAR/2016/77", name_lat=None)
    child.validate(TODAY)
    assert child.identity() == ("civil_registry_ref", "LAR/2016/77")


def test_an_unknown_province_is_refused() -> None:
    with pytest.raises(BusinessRuleBroken) as caught:
        enrol(province_code="XXX")
    assert caught.value.field == "province_code"


def test_a_disability_needs_type_and_severity() -> None:
    with pytest.raises(BusinessRuleBroken):
        category_entry(Category.DISABILITY, evidence="certificate", since=TODAY)
    with pytest.raises(BusinessRuleBroken):
        category_entry(
            Category.ELDERLY_WITHOUT_SUPPORT, evidence="survey", since=TODAY, severity="severe"
        )
    entry = category_entry(
        Category.DISABILITY, evidence="certificate", since=TODAY,
        disability_type="visual", severity="moderate",
    )  # fmt: skip
    assert entry["disability_type"] == "visual"


def test_status_moves_forward_only_and_needs_a_reason() -> None:
    beneficiary = enrol()
    beneficiary.change_status(BeneficiaryStatus.ACTIVE, "cw", "documents checked")
    beneficiary.change_status(BeneficiaryStatus.SUSPENDED, "cw", "left the province")
    beneficiary.change_status(BeneficiaryStatus.ACTIVE, "cw", "came back")
    with pytest.raises(BusinessRuleBroken):
        beneficiary.change_status(BeneficiaryStatus.ENROLLED, "cw", "undo")
    with pytest.raises(BusinessRuleBroken) as caught:
        beneficiary.change_status(BeneficiaryStatus.EXITED, "cw", " ")
    assert caught.value.field == "reason"
    beneficiary.change_status(BeneficiaryStatus.EXITED, "cw", "moved abroad")
    with pytest.raises(BusinessRuleBroken):
        beneficiary.change_status(BeneficiaryStatus.ACTIVE, "cw", "back")


def test_a_merged_or_erased_record_takes_no_more_changes() -> None:
    duplicate, survivor = enrol(), enrol()
    duplicate.merge_into(survivor.id, "cw", "same person, confirmed by phone")
    with pytest.raises(BusinessRuleBroken):
        duplicate.change_status(BeneficiaryStatus.ACTIVE, "cw", "x")
    erased = enrol()
    erased.erase_personal_data("cw", "person's request under law 09-08")
    assert erased.erased
    with pytest.raises(BusinessRuleBroken):
        erased.correct_personal_data("new-seal", "cw", "fix")


def test_enrolment_events_are_what_enrol_and_record_consent_record() -> None:
    fields: dict[str, Any] = {
        "sealed_personal": "sealed", "sex": "F", "province_code": "LAR",
        "commune_code": "LAR-002", "actor": "cw-lar", "reason": "import 7f0c",
        "traceparent": None,
        "categories": [category_entry(Category.DISABILITY, evidence="شهادة", since=TODAY,
                                      disability_type="motor", severity="severe")],
    }  # fmt: skip
    beneficiary_id = uuid4()
    made = Beneficiary.enrol(beneficiary_id=beneficiary_id, **fields)
    made.record_consent("social support", TODAY, "cw-lar", None)
    expected = made.collect_events()
    events = Beneficiary.enrolment_events(
        beneficiary_id=beneficiary_id, consent=("social support", TODAY), **fields
    )
    assert [type(e) for e in events] == [type(e) for e in expected]

    def without_time(e: object) -> dict[str, Any]:
        return {k: v for k, v in vars(e).items() if k != "timestamp"}

    assert [without_time(e) for e in events] == [without_time(e) for e in expected]
    replayed = None
    for e in events:
        replayed = e.mutate(replayed)
    assert isinstance(replayed, Beneficiary) and replayed.version == 2
    state = {k: v for k, v in vars(replayed).items() if k not in ("_created_on", "_modified_on")}
    assert state == {
        k: v for k, v in vars(made).items() if k not in ("_created_on", "_modified_on")
    }


def test_enrolment_events_keep_the_rules_of_enrol() -> None:
    fields: dict[str, Any] = {
        "sealed_personal": "s", "sex": "F", "province_code": "ZZZ", "commune_code": "ZZZ-1",
        "categories": [], "actor": "a", "reason": None, "traceparent": None,
    }  # fmt: skip
    with pytest.raises(BusinessRuleBroken):
        Beneficiary.enrolment_events(beneficiary_id=uuid4(), consent=None, **fields)
    with pytest.raises(ValueError):
        Beneficiary.enrolment_events(
            beneficiary_id=uuid4(), consent=None, **(fields | {"province_code": "LAR", "sex": "X"})
        )
