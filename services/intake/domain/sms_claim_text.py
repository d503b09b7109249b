"""What a relief claim sent by SMS says: the claimant's national ID (CIN) and birth date.

People type them as they come: labels in Arabic, French or Latin-script Darija around them
("ب.ت.و", "CIN:", "né le", "تاريخ الازدياد"), either one first, Latin, Arabic-Indic or
Persian digits (mixed), a CIN in lower case or with a space or hyphen after its letters, a
date day first, year first or as eight glued digits. Everything else in the text is ignored.

Dates are looked for first and taken out of the text before the CIN is, so that the "le" of
"né le 5-7-1980" and the date's digits are not read as a CIN ("LE5"); where digits make two
overlapping dates, the one whose taking out leaves a CIN is the birth date. A CIN has one or
two Latin letters and at most six digits: "AB12345678" is neither a CIN nor a CIN and a date.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from services.intake.domain.rules import BirthDateMustBeInThePast, NationalIdMustBeWellFormed

NO_CIN = "no_cin"
NO_BIRTH_DATE = "no_birth_date"
SEVERAL_CINS = "several_cins"
IMPOSSIBLE_DATE = "impossible_date"
REASONS = (NO_CIN, NO_BIRTH_DATE, SEVERAL_CINS, IMPOSSIBLE_DATE)


@dataclass(frozen=True)
class ClaimText:
    cin: str  # canonical, as intake enrols and hashes it: "AB123456"
    birth_date: date


class ClaimTextNotUnderstood(ValueError):
    """`reason` is one of: "no_cin", "no_birth_date", "several_cins", "impossible_date"."""

    def __init__(self, reason: str) -> None:
        if reason not in REASONS:
            raise ValueError(f"not a reason a claim text is not understood: {reason!r}")
        super().__init__(f"the claim text is not understood: {reason}")
        self.reason = reason


# Arabic-Indic (U+0660..) and Eastern Arabic-Indic (U+06F0..) digits become Latin ones; the
# direction marks phones slip around numbers in right-to-left text, unseen, go.
_ARABIC_DIGITS = "".join(map(chr, [*range(0x660, 0x66A), *range(0x6F0, 0x6FA)]))
_INVISIBLE = [*range(0x200B, 0x2010), 0x61C, *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFEFF]
_PLAIN = str.maketrans(_ARABIC_DIGITS, "0123456789" * 2, "".join(map(chr, _INVISIBLE)))
_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
# Both separators the same ("12/03/1975", "12 - 03 - 1975"), spaces around them or not.
_SEPARATOR, _SAME_SEPARATOR = rf"\s*(?P<sep>[/.{_DASHES}])\s*", r"\s*(?P=sep)\s*"
# A date's first digit follows neither a digit nor a Latin letter ("AB12345678" is no date).
_START = r"(?<![0-9A-Za-z])"
_DAY_FIRST = re.compile(
    rf"{_START}(?P<a>[0-9]{{1,2}}){_SEPARATOR}(?P<m>[0-9]{{1,2}})"
    rf"{_SAME_SEPARATOR}(?P<b>[0-9]{{4}})(?![0-9])"
)
_YEAR_FIRST = re.compile(
    rf"{_START}(?P<a>[0-9]{{4}}){_SEPARATOR}(?P<m>[0-9]{{1,2}})"
    rf"{_SAME_SEPARATOR}(?P<b>[0-9]{{1,2}})(?![0-9])"
)
_GLUED = re.compile(rf"{_START}(?P<a>[0-9]{{2}})(?P<m>[0-9]{{2}})(?P<b>[0-9]{{4}})(?![0-9])")
# One or two letters that are not the end of a longer word, an optional space or hyphen (not
# a new line), then one to six digits that are not the start of a longer number.
_CIN = re.compile(
    rf"(?<![A-Za-z])([A-Za-z]{{1,2}})([^\S\n]*[{_DASHES}]?[^\S\n]*)([0-9]{{1,6}})(?![0-9])"
)
# Short words people write before a number ("né le 12 mars", "no 3"): a CIN typed that way
# ("le 12") is taken only when the text holds no other.
_WORDS = frozenset({"le", "la", "de", "du", "au", "en", "et", "ou", "un", "no", "nr", "on", "in"})


@dataclass(frozen=True)
class _DateShape:
    """Digits shaped like a date, where they are in the text, and the date if it is one."""

    start: int
    end: int
    found: date | None

    def overlaps(self, other: _DateShape) -> bool:
        return self.start < other.end and other.start < self.end


def parse_claim_text(text: str, *, today: date) -> ClaimText:
    """The CIN and birth date a claim's text gives, or ClaimTextNotUnderstood saying why not
    (a CIN's reason before a date's). The birth date is the first possible date that leaves
    exactly one CIN in the rest of the text; the same CIN twice is one CIN."""
    plain = unicodedata.normalize("NFKC", text).translate(_PLAIN)
    shapes = _date_shapes(plain, today)
    first_failure: ClaimTextNotUnderstood | None = None
    for shape in shapes:
        if shape.found is None:
            continue
        # In "AB 1980/12/03/1975" the CIN's digits make a date (1980-12-03) with the birth
        # date's: taking that one out leaves no CIN, taking 12/03/1975 out leaves AB1980.
        rest = [other for other in shapes if other is shape or not other.overlaps(shape)]
        try:
            return ClaimText(cin=_cin_in(_without(plain, rest)), birth_date=shape.found)
        except ClaimTextNotUnderstood as failure:
            first_failure = first_failure or failure
    if first_failure is not None:
        raise first_failure
    _cin_in(_without(plain, shapes))
    raise ClaimTextNotUnderstood(IMPOSSIBLE_DATE if shapes else NO_BIRTH_DATE)


def _date_shapes(text: str, today: date) -> list[_DateShape]:
    shapes = []
    for pattern, year_first in ((_DAY_FIRST, False), (_YEAR_FIRST, True), (_GLUED, False)):
        for m in pattern.finditer(text):
            first, month, last = (int(m[group]) for group in "amb")
            year, day = (first, last) if year_first else (last, first)
            shapes.append(_DateShape(m.start(), m.end(), _birth_date(year, month, day, today)))
    return sorted(shapes, key=lambda shape: shape.start)


def _birth_date(year: int, month: int, day: int, today: date) -> date | None:
    try:
        found = date(year, month, day)
    except ValueError:  # 31/02, month 13
        return None
    return None if BirthDateMustBeInThePast(found, today).is_broken() else found


def _without(text: str, shapes: list[_DateShape]) -> str:
    chars = list(text)
    for shape in shapes:
        chars[shape.start : shape.end] = " " * (shape.end - shape.start)
    return "".join(chars)


def _cin_in(text: str) -> str:
    typed: set[str] = set()
    maybe_words: set[str] = set()
    for letters, gap, digits in _CIN.findall(text):
        cin = letters.upper() + digits
        # Intake's own rule for a well-formed CIN, so that a claim only ever names a CIN
        # intake could have enrolled (and hashed in this same canonical form).
        if NationalIdMustBeWellFormed(cin).is_broken():
            continue
        word = gap and not gap.strip() and letters.lower() in _WORDS
        (maybe_words if word else typed).add(cin)
    found = typed or maybe_words
    if not found:
        raise ClaimTextNotUnderstood(NO_CIN)
    if len(found) > 1:
        raise ClaimTextNotUnderstood(SEVERAL_CINS)
    return found.pop()
