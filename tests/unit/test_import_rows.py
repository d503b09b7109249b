"""Reading and checking the rows of a beneficiaries CSV, each on its own."""

from __future__ import annotations

from datetime import date

import pytest

from services.intake.application.imports.beneficiary_rows import (
    HEADER,
    parse_rows,
    read_header,
    validate_row,
)
from services.intake.application.imports.csv_format import (
    NOT_UTF8,
    FileRejected,
    RowRejected,
    count_rows,
    decode_upload,
)
from services.intake.domain.reference import Sex
from services.intake.domain.territory import shipped_territory

TODAY = date(2026, 3, 1)
HEAD = ",".join(HEADER)
GOOD = (
    "فاطمة الزهراء بنعلي,Fatima Zahra Benali,BK123456,,1961-04-12,F,0612345678,"
    '"دوار أولاد حمو، القصر الكبير",LAR,LAR-002,disaster_affected,,,flood census,2026-02-14'
)


def rows(text: str) -> list[tuple[int, object]]:
    return list(parse_rows(text))


def one(**cells: str) -> dict[str, str | None]:
    [(_, row)] = rows(f"{HEAD}\n{GOOD}\n")
    assert isinstance(row, dict)
    return {**row, **{k: (v or None) for k, v in cells.items()}}


def reasons_for(**cells: str) -> list[str]:
    with pytest.raises(RowRejected) as caught:
        validate_row(one(**cells), shipped_territory(), TODAY)
    return caught.value.reasons


def test_arabic_text_round_trips_and_empty_cells_are_null() -> None:
    [(number, row)] = rows(f"\ufeff{HEAD}\r\n{GOOD}\r\n")
    assert number == 2
    assert isinstance(row, dict)
    assert row["name_ar"] == "فاطمة الزهراء بنعلي"
    assert row["address"] == "دوار أولاد حمو، القصر الكبير"
    assert row["civil_registry_ref"] is None and row["severity"] is None

    enrolment = validate_row(row, shipped_territory(), TODAY)
    assert enrolment.personal.name_ar == "فاطمة الزهراء بنعلي"
    assert enrolment.personal.birth_date == date(1961, 4, 12)
    assert enrolment.sex is Sex.FEMALE
    assert (enrolment.province_code, enrolment.commune_code) == ("LAR", "LAR-002")
    assert enrolment.categories[0]["category"] == "disaster_affected"
    assert enrolment.categories[0]["since"] == "2026-02-14"
    assert enrolment.consent is None


def test_columns_in_any_order_day_first_dates_and_consent() -> None:
    text = (
        "sex,birth_date,cin,name_lat,province_code,commune_code,category,evidence,since,"
        "consent_purpose,consent_given_on\n"
        "M,03/07/1950,ab12345,Ahmed Alaoui,LAR,LAR-001,elderly_without_support,"
        "social inquiry,01/01/2025,social assistance,14/02/2026\n"
    )
    [(_, row)] = rows(text)
    assert isinstance(row, dict)
    enrolment = validate_row(row, shipped_territory(), TODAY)
    assert enrolment.personal.cin == "AB12345"
    assert enrolment.personal.birth_date == date(1950, 7, 3)
    assert enrolment.consent is not None and enrolment.consent.given_on == date(2026, 2, 14)


def test_malformed_rows_are_rejected_alone_and_numbered_like_a_spreadsheet() -> None:
    text = "\n".join(
        [
            HEAD,
            GOOD,
            "only,three,cells",
            "",  # a blank line: skipped, but row 4 still counts
            GOOD.replace("BK123456", "BK7"),
            'a,"broken "quote,x' + "," * 12,
            GOOD.replace("BK123456", "BK8"),
        ]
    )
    parsed = rows(text + "\n")
    numbers = [n for n, _ in parsed]
    assert numbers == [2, 3, 5, 6, 7]
    wrong_width = parsed[1][1]
    assert isinstance(wrong_width, RowRejected)
    assert wrong_width.reasons == ["row: expected 15 cells, found 3"]
    broken = parsed[3][1]
    assert isinstance(broken, RowRejected) and broken.reasons[0].startswith("row: malformed CSV")
    assert isinstance(parsed[2][1], dict) and isinstance(parsed[4][1], dict)
    assert count_rows(text) == 5


def test_rows_that_are_not_utf8_are_rejected_alone() -> None:
    bad = "محمد".encode("cp1256")
    data = "\n".join([HEAD, GOOD, GOOD.replace("BK123456", "BK9")]).encode() + b"\n"
    data += bad + b",x" + b"," * 13 + b"\n"
    text = decode_upload(data)
    parsed = rows(text)
    assert [type(r).__name__ for _, r in parsed] == ["dict", "dict", "RowRejected"]
    last = parsed[2][1]
    assert isinstance(last, RowRejected) and last.reasons == [NOT_UTF8]


def test_a_file_mostly_not_utf8_is_refused_whole() -> None:
    data = (HEAD + "\n" + GOOD + "\n").encode("cp1256", errors="replace") + (
        "محمد,x".encode("cp1256") + b"\n"
    ) * 3
    with pytest.raises(FileRejected, match="not UTF-8"):
        decode_upload(data)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("name_ar,cin,colour\n", "unknown columns: colour"),
        ("name_ar,cin\n", "missing columns: birth_date, category"),
        (HEAD + ",cin\n", "repeated columns: cin"),
    ],
)
def test_a_bad_header_refuses_the_file(text: str, message: str) -> None:
    with pytest.raises(FileRejected, match=message):
        read_header(text)


def test_reasons_name_every_field_that_is_wrong() -> None:
    reasons = reasons_for(cin="12AB", birth_date="1961-13-45", sex="X", category="rich")
    fields = sorted(r.split(":")[0] for r in reasons)
    assert fields == ["birth_date", "category", "cin", "sex"]
    assert any(r.startswith("cin: a national ID (CIN) is one or two") for r in reasons)


def test_required_cells() -> None:
    reasons = reasons_for(evidence="", since="", sex="")
    assert sorted(reasons) == ["evidence: required", "sex: required", "since: required"]


def test_unknown_commune_and_province() -> None:
    assert reasons_for(commune_code="LAR-999") == [
        "commune_code: unknown commune code for this province"
    ]
    assert reasons_for(commune_code="KEN-001") == [
        "commune_code: unknown commune code for this province"
    ]
    assert reasons_for(province_code="ZZZ") == ["province_code: unknown province code"]


def test_business_rules_give_their_field() -> None:
    assert reasons_for(name_ar="", name_lat="") == [
        "name_ar: a name in Arabic or in Latin script is required"
    ]
    assert reasons_for(cin="", civil_registry_ref="") == [
        "cin: a national ID (cin) or a civil-registry reference is required"
    ]
    assert reasons_for(birth_date="2027-01-01")[0].startswith("birth_date: the birth date")
    assert reasons_for(phone="12345")[0].startswith("phone: a Moroccan phone number")
    assert reasons_for(category="disability")[0].startswith("disability_type: a disability")
    assert reasons_for(severity="mild")[0].startswith("disability_type: a disability")
    assert reasons_for(consent_purpose="aid") == [
        "consent_given_on: consent needs both its purpose and its date"
    ]


def test_a_minor_without_cin_uses_the_civil_registry() -> None:
    row = one(cin="", civil_registry_ref="ksar-2015-0042", birth_date="2015-05-01")
    enrolment = validate_row(row, shipped_territory(), TODAY)
    assert enrolment.personal.identity() == ("civil_registry_ref", "KSAR-2015-0042")


def test_disability_with_type_and_severity() -> None:
    row = one(category="disability", disability_type="visual", severity="severe")
    entry = validate_row(row, shipped_territory(), TODAY).categories[0]
    assert (entry["disability_type"], entry["severity"]) == ("visual", "severe")
