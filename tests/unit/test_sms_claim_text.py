"""Reading the national ID (CIN) and birth date out of a relief claim's SMS, as people type
them: Arabic, French or Darija labels, Latin, Arabic-Indic or Persian digits, any order."""

# The texts are written as people type them: ruff's RUF001 takes their Arabic-Indic, Persian
# and full-width digits for look-alikes of Latin letters and digits.
# ruff: noqa: RUF001

from __future__ import annotations

import string
from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.intake.domain.rules import NationalIdMustBeWellFormed
from services.intake.domain.sms_claim_text import (
    IMPOSSIBLE_DATE,
    NO_BIRTH_DATE,
    NO_CIN,
    REASONS,
    SEVERAL_CINS,
    ClaimText,
    ClaimTextNotUnderstood,
    parse_claim_text,
)

TODAY = date(2026, 12, 3)
RLM = "\u200f"  # the right-to-left mark phones put around numbers in Arabic text


def parsed(text: str) -> ClaimText:
    return parse_claim_text(text, today=TODAY)


def reason_for(text: str, today: date = TODAY) -> str:
    with pytest.raises(ClaimTextNotUnderstood) as raised:
        parse_claim_text(text, today=today)
    return raised.value.reason


@pytest.mark.parametrize(
    ("text", "cin", "born"),
    [
        ("منكوب ب.ت.و AB123456 تاريخ الازدياد ١٢/٠٣/١٩٧٥", "AB123456", date(1975, 3, 12)),
        ("CIN: k 12345 né le 5-7-1980", "K12345", date(1980, 7, 5)),
        ("AB123456 05071980", "AB123456", date(1980, 7, 5)),
        ("K1234 01011980", "K1234", date(1980, 1, 1)),
        ("12/03/1975 AB123456", "AB123456", date(1975, 3, 12)),
        ("طلب دعم بطاقة BK۷۸۹۰ مواليد ۱۹۶۲/۰۴/۱۲", "BK7890", date(1962, 4, 12)),
        ("AB١٢٣٤٥٦ ازداد ٠٥-٠٧-١٩٨٠", "AB123456", date(1980, 7, 5)),
        ("ab-12٣4۵6, 1٩8۰-07-05", "AB123456", date(1980, 7, 5)),
        ("ab-123456 date de naissance 05.07.1980", "AB123456", date(1980, 7, 5)),
        ("N° CIN AB 123456\nDate de naissance: 05/07/1980", "AB123456", date(1980, 7, 5)),
        ("inondations * cin:bk7890 * 1/2/1950", "BK7890", date(1950, 2, 1)),
        ("#AB123456#12031975#", "AB123456", date(1975, 3, 12)),
        ("AB123456/12/03/1975", "AB123456", date(1975, 3, 12)),
        ("12/03/1975/AB123456", "AB123456", date(1975, 3, 12)),
        ("رقم البطاقة: K12345 ، تاريخ الازدياد: 1975/03/12", "K12345", date(1975, 3, 12)),
        ("Salam, floods. CIN K12345 ne le 12 / 03 / 1975 merci", "K12345", date(1975, 3, 12)),
        ("مواليد 5-7-1980\nمنكوب ب.ت.و bk 7890", "BK7890", date(1980, 7, 5)),
        (f"{RLM}AB۱۲۳۴۵۶{RLM} {RLM}۱۹۷۵/۰۳/۱۲{RLM}", "AB123456", date(1975, 3, 12)),
        ("ＡＢ１２３４５６ 05/07/1980", "AB123456", date(1980, 7, 5)),  # a full-width keyboard
        ("né le 05/07/1980 à Fès, CIN: BE 45678, tél 0612345678", "BE45678", date(1980, 7, 5)),
        # The same CIN twice, however typed, is one CIN.
        ("دعم AB123456 AB123456 12/03/1975", "AB123456", date(1975, 3, 12)),
        ("AB123456 (ab 123456) 05071980", "AB123456", date(1980, 7, 5)),
        # Of several dates the first possible one.
        ("AB123456 31/02/1980 01/03/1980", "AB123456", date(1980, 3, 1)),
        ("AB123456 12/03/1975 13/04/1976", "AB123456", date(1975, 3, 12)),
        ("K1 1/1/1900", "K1", date(1900, 1, 1)),
        ("AB123456 né le 03/12/2026", "AB123456", TODAY),
        # A CIN's digits that make a date with the birth date's are the CIN's.
        ("AB 1234/12/03/1975", "AB1234", date(1975, 3, 12)),
        ("AB 1980/12/03/1975", "AB1980", date(1975, 3, 12)),
        # "le 12" (of "12 mars") is a French word and a number, not a second CIN.
        ("CIN K12345 né le 12 mars 1975, le 05/07/1980", "K12345", date(1980, 7, 5)),
        # ...but is taken when nothing else in the text can be the CIN.
        ("le 123456 05/07/1980", "LE123456", date(1980, 7, 5)),
    ],
)
def test_a_claim_gives_its_cin_and_birth_date(text: str, cin: str, born: date) -> None:
    assert parsed(text) == ClaimText(cin=cin, birth_date=born)


@pytest.mark.parametrize(
    "text",
    [
        "منكوب 12/03/1975",
        "CIN 123456 12/03/1975",  # no letters: not a CIN
        "AB12345678 05071980",  # eight digits: neither a CIN, nor a CIN and a date
        "AB1234567 05/07/1980",
        "hello",  # neither: the CIN's reason is given first
    ],
)
def test_a_claim_without_a_cin_is_not_understood(text: str) -> None:
    assert reason_for(text) == NO_CIN


@pytest.mark.parametrize(
    "text",
    [
        "AB123456 K12345 01/01/1980",
        "ب.ت.و AB123456 وزوجتي BK7890 تاريخ الازدياد 12/03/1975",
        "AB123456 31/02/1980 K12345",  # several CINs comes before the impossible date
    ],
)
def test_two_different_cins_are_not_understood(text: str) -> None:
    assert reason_for(text) == SEVERAL_CINS


@pytest.mark.parametrize(
    "text",
    [
        "AB123456",
        "CIN K12345 né le 5/7/80",  # a two-digit year is not read
        "AB123456 1975",
        "AB123456 12/03-1975",  # two different separators
        "AB123456 né le 12 mars 1975",
    ],
)
def test_a_claim_without_a_birth_date_is_not_understood(text: str) -> None:
    assert reason_for(text) == NO_BIRTH_DATE


@pytest.mark.parametrize(
    "text",
    [
        "AB123456 31/02/1980",
        "AB123456 1980-13-01",
        "AB123456 05/07/1899",
        "AB123456 05/07/2030",
        "AB123456 31021980",
        "le 31/02/1980 K12345",
    ],
)
def test_a_claim_whose_only_dates_are_impossible_is_not_understood(text: str) -> None:
    assert reason_for(text) == IMPOSSIBLE_DATE


def test_a_birth_date_after_today_is_impossible() -> None:
    assert reason_for("AB123456 04/12/2026") == IMPOSSIBLE_DATE
    assert parse_claim_text("AB123456 04/12/2026", today=date(2026, 12, 4)).birth_date == date(
        2026, 12, 4
    )


def test_only_the_four_reasons_are_given() -> None:
    with pytest.raises(ValueError):
        ClaimTextNotUnderstood("no_idea")
    assert ClaimTextNotUnderstood(NO_CIN).reason == "no_cin"


# Each digit in any of the three digit systems, independently.
DIGIT_SYSTEMS = ("0123456789", "٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹")
SHAPES: tuple[Callable[[date], str], ...] = (
    lambda d: f"{d:%d/%m/%Y}",
    lambda d: f"{d:%d-%m-%Y}",
    lambda d: f"{d:%d.%m.%Y}",
    lambda d: f"{d.day}/{d.month}/{d:%Y}",
    lambda d: f"{d:%Y-%m-%d}",
    lambda d: f"{d:%Y/%m/%d}",
    lambda d: f"{d:%d%m%Y}",
    lambda d: f"{d:%d / %m / %Y}",
)
CIN_LABELS = ("", "CIN ", "cin: ", "N° CIN ", "ب.ت.و ", "رقم البطاقة ", "بطاقة ")
DATE_LABELS = ("", "date de naissance ", "né le ", "تاريخ الازدياد ", "ازداد ", "مواليد ")
OPENINGS = ("", "منكوب ", "floods ", "inondations ", "طلب دعم ", "السلام عليكم\n")
BETWEEN = (" ", ", ", "\n", " * ", "#", "/", " / ", " ، ")


@st.composite
def in_any_digits(draw: st.DrawFn, text: str) -> str:
    systems = st.sampled_from(DIGIT_SYSTEMS)
    return "".join(draw(systems)[int(c)] if c.isdigit() else c for c in text)


@given(
    letters=st.text(st.sampled_from(string.ascii_letters), min_size=1, max_size=2),
    digits=st.text(st.sampled_from(string.digits), min_size=1, max_size=6),
    gap=st.sampled_from(("", " ", "-", " - ")),
    born=st.dates(min_value=date(1900, 1, 1), max_value=TODAY),
    shape=st.sampled_from(SHAPES),
    labels=st.tuples(*(st.sampled_from(words) for words in (OPENINGS, CIN_LABELS, DATE_LABELS))),
    between=st.sampled_from(BETWEEN),
    date_first=st.booleans(),
    data=st.data(),
)
def test_any_cin_and_birth_date_typed_any_supported_way_read_back(
    letters: str,
    digits: str,
    gap: str,
    born: date,
    shape: Callable[[date], str],
    labels: tuple[str, str, str],
    between: str,
    date_first: bool,
    data: st.DataObject,
) -> None:
    opening, cin_label, date_label = labels
    cin = cin_label + letters + gap + data.draw(in_any_digits(digits))
    birth_date = date_label + data.draw(in_any_digits(shape(born)))
    parts = (birth_date, cin) if date_first else (cin, birth_date)
    text = opening + between.join(parts)

    assert parsed(text) == ClaimText(cin=(letters + digits).upper(), birth_date=born)


@given(st.text(st.sampled_from("aBkLe 0123456789٠١٢٣۴۵۶/-.*#,\nمنكوب")))
def test_any_text_gives_an_enrollable_cin_and_possible_date_or_a_reason(text: str) -> None:
    try:
        claim = parsed(text)
    except ClaimTextNotUnderstood as not_understood:
        assert not_understood.reason in REASONS
    else:
        assert not NationalIdMustBeWellFormed(claim.cin).is_broken()
        assert date(1900, 1, 1) <= claim.birth_date <= TODAY
