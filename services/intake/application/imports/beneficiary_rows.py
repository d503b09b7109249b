"""The beneficiaries CSV: its columns, and checking one row on its own.

The header names these columns, in any order:

    name_ar,name_lat,cin,civil_registry_ref,birth_date,sex,phone,address,province_code,
    commune_code,category,disability_type,severity,evidence,since

and optionally `consent_purpose,consent_given_on` (both or neither, per row). Dates are ISO
(2026-02-14) or day first (14/02/2026). One category per row; `sex` is F or M; `cin` is
upper-cased. Columns a file may leave out entirely: name_ar, name_lat, cin,
civil_registry_ref, phone, address, disability_type, severity and the consent columns. See
docs/imports.md.

A row that breaks a rule is rejected with reasons naming its fields ("cin: ...",
"commune_code: ...").
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from services.intake.application.beneficiaries import Consent, Enrolment
from services.intake.application.imports.csv_format import CsvFormat, Row, RowRejected
from services.intake.application.imports.row_checks import field_reasons, place_reasons
from services.intake.domain.beneficiary import category_entry
from services.intake.domain.person_rules import (
    PHONE_PATTERN,
    DisabilityMustSayTypeAndSeverity,
    PhoneMustBeMoroccan,
)
from services.intake.domain.personal import PersonalData
from services.intake.domain.reference import Category, DisabilityType, Severity, Sex
from services.intake.domain.rules import CIN_PATTERN, NationalIdMustBeWellFormed
from services.intake.domain.territory import Territory
from shared.rules import BusinessRuleBroken

HEADER: tuple[str, ...] = (
    "name_ar",
    "name_lat",
    "cin",
    "civil_registry_ref",
    "birth_date",
    "sex",
    "phone",
    "address",
    "province_code",
    "commune_code",
    "category",
    "disability_type",
    "severity",
    "evidence",
    "since",
)
BENEFICIARIES_CSV = CsvFormat(
    header=HEADER,
    extra=("consent_purpose", "consent_given_on"),
    optional=frozenset(
        {
            "name_ar",
            "name_lat",
            "cin",
            "civil_registry_ref",
            "phone",
            "address",
            "disability_type",
            "severity",
            "consent_purpose",
            "consent_given_on",
        }
    ),
)
# Friendlier words than "String should match pattern ..." for the fields with a pattern.
_PATTERN_MESSAGES = {
    "cin": NationalIdMustBeWellFormed.message,
    "phone": PhoneMustBeMoroccan.message,
}


def read_header(text: str) -> list[str]:
    """The header's column names, checked: every required column, no unknown one."""
    return BENEFICIARIES_CSV.read_header(text)


def parse_rows(text: str) -> Iterator[tuple[int, Row | RowRejected]]:
    """Each data row of a beneficiaries CSV with its number: see `CsvFormat.parse_rows`."""
    return BENEFICIARIES_CSV.parse_rows(text)


def _date(value: Any) -> Any:
    """ISO dates, or day first with slashes as Moroccan spreadsheets write them."""
    if isinstance(value, str) and "/" in value:
        day, month, year = value.split("/")
        return date(int(year), int(month), int(day))
    return value


class BeneficiaryRow(BaseModel):
    """The cells of one row, typed; business rules are checked after this."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name_ar: str | None = Field(default=None, max_length=200)
    name_lat: str | None = Field(default=None, max_length=200)
    cin: str | None = Field(default=None, pattern=CIN_PATTERN.pattern)
    civil_registry_ref: str | None = Field(default=None, max_length=60)
    birth_date: date
    sex: Sex
    phone: str | None = Field(default=None, pattern=PHONE_PATTERN.pattern)
    address: str | None = Field(default=None, max_length=300)
    province_code: str = Field(max_length=8)
    commune_code: str = Field(max_length=16)
    category: Category
    disability_type: DisabilityType | None = None
    severity: Severity | None = None
    evidence: str = Field(min_length=1, max_length=200)
    since: date
    consent_purpose: str | None = Field(default=None, max_length=200)
    consent_given_on: date | None = None

    @field_validator("cin", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("birth_date", "since", "consent_given_on", mode="before")
    @classmethod
    def _day_first(cls, value: Any) -> Any:
        try:
            return _date(value)
        except ValueError as e:
            raise ValueError("a date as YYYY-MM-DD or DD/MM/YYYY") from e


def validate_row(row: Row, territory: Territory, today: date) -> Enrolment:
    """The enrolment one row asks for, or RowRejected with every reason found."""
    reasons = place_reasons(row, territory)
    try:
        typed = BeneficiaryRow.model_validate({k: v for k, v in row.items() if v is not None})
    except ValidationError as e:
        raise RowRejected(field_reasons(e, _PATTERN_MESSAGES) + reasons) from None
    if reasons:
        raise RowRejected(reasons)
    personal = PersonalData(
        name_ar=typed.name_ar,
        name_lat=typed.name_lat,
        cin=typed.cin,
        civil_registry_ref=typed.civil_registry_ref,
        birth_date=typed.birth_date,
        phone=typed.phone,
        address=typed.address,
    )
    categories: list[dict[str, Any]] = []
    try:
        personal.validate(today)
    except BusinessRuleBroken as e:
        reasons.append(f"{e.field or 'row'}: {e}")
    try:
        categories.append(
            category_entry(
                typed.category,
                evidence=typed.evidence,
                since=typed.since,
                disability_type=str(typed.disability_type) if typed.disability_type else None,
                severity=str(typed.severity) if typed.severity else None,
            )
        )
    except BusinessRuleBroken as e:
        # The only rule that can break here is about the disability cells (no `until` column).
        cell = (
            "disability_type" if isinstance(e.rule, DisabilityMustSayTypeAndSeverity) else "since"
        )
        reasons.append(f"{cell}: {e}")
    consent = None
    if typed.consent_purpose and typed.consent_given_on:
        consent = Consent(typed.consent_purpose, typed.consent_given_on)
    elif typed.consent_purpose or typed.consent_given_on:
        reasons.append("consent_given_on: consent needs both its purpose and its date")
    if reasons:
        raise RowRejected(reasons)
    return Enrolment(
        personal=personal,
        sex=typed.sex,
        province_code=typed.province_code,
        commune_code=typed.commune_code,
        categories=categories,
        consent=consent,
    )
