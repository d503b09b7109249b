"""Request and response bodies for the beneficiary routes."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from services.intake.application import BeneficiaryRecord, Consent, Enrolment
from services.intake.domain.beneficiary import category_entry
from services.intake.domain.person_rules import PHONE_PATTERN
from services.intake.domain.personal import PersonalData
from services.intake.domain.reference import Category, DisabilityType, Severity, Sex
from services.intake.domain.rules import CIN_PATTERN
from shared.http.dates import IsoDate
from shared.http.pages import Page

COMMUNE_PATTERN = r"^[A-Z]{3}-[0-9]{3}$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class CategoryIn(Strict):
    category: Category
    disability_type: DisabilityType | None = None
    severity: Severity | None = None
    evidence: str = Field(min_length=1, max_length=200, examples=["medical certificate"])
    since: IsoDate
    until: IsoDate | None = None

    def entry(self) -> dict[str, Any]:
        return category_entry(
            self.category,
            evidence=self.evidence,
            since=self.since,
            until=self.until,
            disability_type=str(self.disability_type) if self.disability_type else None,
            severity=str(self.severity) if self.severity else None,
        )


class ConsentIn(Strict):
    purpose: str = Field(min_length=1, max_length=200, examples=["social assistance programmes"])
    given_on: IsoDate


class PersonalFields(Strict):
    name_ar: str | None = Field(default=None, max_length=200, examples=["فاطمة الزهراء بنعلي"])
    name_lat: str | None = Field(default=None, max_length=200, examples=["Fatima Zahra Benali"])
    cin: str | None = Field(default=None, pattern=CIN_PATTERN.pattern, examples=["BK123456"])
    civil_registry_ref: str | None = Field(default=None, max_length=60)
    birth_date: IsoDate
    phone: str | None = Field(default=None, pattern=PHONE_PATTERN.pattern)
    address: str | None = Field(default=None, max_length=300)

    def personal(self) -> PersonalData:
        return PersonalData(**self.model_dump())


class EnrolmentRequest(PersonalFields):
    sex: Sex
    province_code: str = Field(examples=["KHN"])
    commune_code: str = Field(pattern=COMMUNE_PATTERN, examples=["KHN-001"])
    categories: list[CategoryIn] = Field(min_length=1)
    consent: ConsentIn | None = None

    def enrolment(self) -> Enrolment:
        consent = Consent(self.consent.purpose, self.consent.given_on) if self.consent else None
        return Enrolment(
            personal=PersonalFields.model_validate(
                self.model_dump(include=set(PersonalFields.model_fields))
            ).personal(),
            sex=self.sex,
            province_code=self.province_code,
            commune_code=self.commune_code,
            categories=[c.entry() for c in self.categories],
            consent=consent,
        )


class Correction(Strict):
    changes: dict[str, Any] = Field(
        description='personal fields to correct, e.g. {"name_lat": "Fatima Benali"}'
    )
    reason: str = Field(min_length=1, max_length=500)


class StatusChange(Strict):
    status: str = Field(examples=["active"])
    reason: str = Field(min_length=1, max_length=500)


class Move(Strict):
    province_code: str
    commune_code: str = Field(pattern=COMMUNE_PATTERN)
    reason: str | None = Field(default=None, max_length=500)


class Reasoned(Strict):
    reason: str = Field(min_length=1, max_length=500)


class NationalIdLookup(Strict):
    cin: str = Field(pattern=CIN_PATTERN.pattern, examples=["BK123456"])


class Enrolled(BaseModel):
    beneficiary_id: UUID


class BeneficiaryView(BaseModel):
    beneficiary_id: UUID
    requested_id: UUID
    version: int
    erased: bool
    name_ar: str | None
    name_lat: str | None
    cin: str | None
    civil_registry_ref: str | None
    birth_date: IsoDate | None
    phone: str | None
    address: str | None
    sex: str
    province_code: str
    commune_code: str
    categories: list[dict[str, Any]]
    status: str
    consents: list[dict[str, Any]]
    possible_duplicates: list[UUID]
    merged_into: UUID | None
    merged_ids: list[UUID]

    @classmethod
    def of(cls, record: BeneficiaryRecord, requested_id: UUID) -> BeneficiaryView:
        personal = record.personal.to_fields() if record.personal else {}
        return cls(
            **{k: personal.get(k) for k in PersonalFields.model_fields},
            beneficiary_id=record.beneficiary_id,
            requested_id=requested_id,
            version=record.version,
            erased=record.erased,
            sex=record.sex,
            province_code=record.province_code,
            commune_code=record.commune_code,
            categories=record.categories,
            status=record.status,
            consents=record.consents,
            possible_duplicates=record.possible_duplicates,
            merged_into=record.merged_into,
            merged_ids=record.merged_ids,
        )


class BeneficiaryPage(Page[BeneficiaryView]):
    pass
