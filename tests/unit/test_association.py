from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest

from services.intake.domain.association import Association, NoSuchAgreement
from services.intake.domain.reference import Category
from shared.rules import BusinessRuleBroken


def register(**changes: Any) -> Association:
    fields: dict[str, Any] = {
        "name": "جمعية الأمل لرعاية المسنين",
        "registration_number": "KHN-2014-0117",
        "province_code": "KHN",
        "fields_of_work": [Category.ELDERLY_WITHOUT_SUPPORT, Category.DISABILITY],
        "actor": "caseworker-1",
    }
    return Association.register(**{**fields, **changes})


def sign(association: Association, **changes: Any) -> UUID:
    fields: dict[str, Any] = {
        "subject": "gestion de l'établissement de protection sociale",
        "starts_on": date(2021, 1, 1),
        "ends_on": date(2023, 12, 31),
        "actor": "cw-2",
    }
    return association.sign_agreement(**{**fields, **changes})


def test_registration_records_plain_values_and_drops_repeated_fields() -> None:
    association = register(fields_of_work=[Category.DISABILITY, Category.DISABILITY])
    [registered] = association.collect_events()
    assert isinstance(registered, Association.Registered)
    assert registered.fields_of_work == ["disability"]
    assert registered.actor == "caseworker-1" and registered.reason is None
    assert association.fields_of_work == [Category.DISABILITY]
    assert association.agreements == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "  "}, "name"),
        ({"registration_number": ""}, "registration_number"),
        ({"province_code": "XXX"}, "province_code"),
        ({"fields_of_work": []}, "fields_of_work"),
    ],
)
def test_broken_registration_rules_name_the_field(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(BusinessRuleBroken) as caught:
        register(**changes)
    assert caught.value.field == field


def test_signing_an_agreement_generates_its_id_and_records_the_terms() -> None:
    association = register()
    agreement_id = sign(association, reason="budget 2021")
    signed = association.collect_events()[-1]
    assert isinstance(signed, Association.AgreementSigned)
    assert signed.agreement_id == agreement_id
    assert (signed.starts_on, signed.ends_on, signed.reason) == (
        date(2021, 1, 1),
        date(2023, 12, 31),
        "budget 2021",
    )
    [agreement] = association.agreements
    assert agreement.agreement_id == agreement_id and agreement.ended_on is None
    assert sign(association) != agreement_id  # a second agreement, its own id


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_on": date(2020, 12, 31)}, "ends_on"),
        ({"ends_on": date(2021, 1, 1)}, "ends_on"),
        ({"subject": " "}, "subject"),
    ],
)
def test_broken_agreement_rules_name_the_field(changes: dict[str, Any], field: str) -> None:
    association = register()
    with pytest.raises(BusinessRuleBroken) as caught:
        sign(association, **changes)
    assert caught.value.field == field
    assert association.agreements == []


def test_an_agreement_can_be_ended_early_once() -> None:
    association = register()
    agreement_id = sign(association)
    association.end_agreement(
        agreement_id=agreement_id, ended_on=date(2022, 6, 30), reason="dissolution", actor="cw"
    )
    ended = association.collect_events()[-1]
    assert isinstance(ended, Association.AgreementEnded)
    assert (ended.agreement_id, ended.ended_on, ended.reason) == (
        agreement_id,
        date(2022, 6, 30),
        "dissolution",
    )
    agreement = association.agreement(agreement_id)
    assert (agreement.ended_on, agreement.end_reason) == (date(2022, 6, 30), "dissolution")
    with pytest.raises(BusinessRuleBroken) as caught:
        association.end_agreement(
            agreement_id=agreement_id, ended_on=date(2022, 7, 1), reason="again", actor="cw"
        )
    assert caught.value.field == "agreement_id"


@pytest.mark.parametrize(
    ("ended_on", "reason", "field"),
    [
        (date(2020, 12, 31), "r", "ended_on"),  # before it started
        (date(2023, 12, 31), "r", "ended_on"),  # on its agreed end: not early
        (date(2022, 1, 1), None, "reason"),
        (date(2022, 1, 1), " ", "reason"),
    ],
)
def test_an_early_end_needs_a_date_within_the_agreement_and_a_reason(
    ended_on: date, reason: str | None, field: str
) -> None:
    association = register()
    agreement_id = sign(association)
    with pytest.raises(BusinessRuleBroken) as caught:
        association.end_agreement(
            agreement_id=agreement_id, ended_on=ended_on, reason=reason, actor="cw"
        )
    assert caught.value.field == field


def test_ending_an_unknown_agreement_is_refused() -> None:
    with pytest.raises(NoSuchAgreement):
        register().end_agreement(
            agreement_id=uuid4(), ended_on=date(2022, 1, 1), reason="r", actor="cw"
        )
