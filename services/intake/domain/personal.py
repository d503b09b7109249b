"""A person's personal data (law 09-08): validated here, sealed by the application."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from services.intake.domain.person_rules import PersonMustBeIdentified, PhoneMustBeMoroccan
from services.intake.domain.rules import (
    BeneficiaryMustHaveAName,
    BirthDateMustBeInThePast,
    NationalIdMustBeWellFormed,
)
from shared.rules import check

ERASED = "[erased]"


@dataclass(frozen=True)
class PersonalData:
    name_ar: str | None
    name_lat: str | None
    cin: str | None
    civil_registry_ref: str | None
    birth_date: date
    phone: str | None
    address: str | None

    def validate(self, today: date) -> None:
        check(
            BeneficiaryMustHaveAName(self.name_ar, self.name_lat),
            PersonMustBeIdentified(self.cin, self.civil_registry_ref),
            NationalIdMustBeWellFormed(self.cin),
            BirthDateMustBeInThePast(self.birth_date, today),
            PhoneMustBeMoroccan(self.phone),
        )

    def corrected(self, **changes: Any) -> PersonalData:
        return replace(self, **changes)

    def to_fields(self) -> dict[str, Any]:
        return {
            "name_ar": self.name_ar,
            "name_lat": self.name_lat,
            "cin": self.cin,
            "civil_registry_ref": self.civil_registry_ref,
            "birth_date": self.birth_date.isoformat(),
            "phone": self.phone,
            "address": self.address,
        }

    @classmethod
    def from_fields(cls, fields: dict[str, Any]) -> PersonalData:
        return cls(**{**fields, "birth_date": date.fromisoformat(fields["birth_date"])})

    def identity(self) -> tuple[str, str]:
        """What makes this person unique: the national ID, else the civil-registry record."""
        if self.cin:
            return ("cin", self.cin)
        return ("civil_registry_ref", (self.civil_registry_ref or "").strip().upper())
