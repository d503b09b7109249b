"""Rules a beneficiary's enrolment must satisfy."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from services.intake.domain.territory import Territory, shipped_territory
from shared.rules import BusinessRule

CIN_PATTERN = re.compile(r"^[A-Z]{1,2}[0-9]{1,8}$")


@dataclass(frozen=True)
class NationalIdMustBeWellFormed(BusinessRule):
    cin: str | None
    message = "a national ID (CIN) is one or two Latin capital letters followed by digits"
    field = "cin"

    def is_broken(self) -> bool:
        return self.cin is not None and not CIN_PATTERN.fullmatch(self.cin)


@dataclass(frozen=True)
class BeneficiaryMustHaveAName(BusinessRule):
    name_ar: str | None
    name_lat: str | None
    message = "a name in Arabic or in Latin script is required"
    field = "name_ar"

    def is_broken(self) -> bool:
        return not ((self.name_ar or "").strip() or (self.name_lat or "").strip())


@dataclass(frozen=True)
class BirthDateMustBeInThePast(BusinessRule):
    birth_date: date
    today: date
    message = "the birth date must be in the past and after 1900"
    field = "birth_date"

    def is_broken(self) -> bool:
        return not (date(1900, 1, 1) <= self.birth_date <= self.today)


@dataclass(frozen=True)
class ProvinceMustBeKnown(BusinessRule):
    province_code: str
    territory: Territory | None = None
    message = "unknown province code"
    field = "province_code"

    def is_broken(self) -> bool:
        territory = self.territory or shipped_territory()
        return not territory.knows_province(self.province_code)


@dataclass(frozen=True)
class CommuneMustBeKnownInProvince(BusinessRule):
    commune_code: str
    province_code: str
    territory: Territory
    message = "unknown commune code for this province"
    field = "commune_code"

    def is_broken(self) -> bool:
        return not self.territory.knows_commune(self.commune_code, self.province_code)
