"""A person the agency serves."""

from __future__ import annotations

from datetime import date

from eventsourcing.domain import Aggregate, event

from services.intake.domain.reference import Category
from services.intake.domain.rules import (
    BeneficiaryMustHaveAName,
    BirthDateMustBeInThePast,
    NationalIdMustBeWellFormed,
    ProvinceMustBeKnown,
)
from shared.rules import check


class Beneficiary(Aggregate):
    class Enrolled(Aggregate.Created):
        name_ar: str | None
        name_lat: str | None
        cin: str | None
        birth_date: date
        province_code: str
        category: str
        actor: str
        reason: str | None
        traceparent: str | None

    @event(Enrolled)
    def __init__(
        self,
        *,
        name_ar: str | None,
        name_lat: str | None,
        cin: str | None,
        birth_date: date,
        province_code: str,
        category: str,
        actor: str,
        reason: str | None,
        traceparent: str | None,
    ) -> None:
        self.name_ar = name_ar
        self.name_lat = name_lat
        self.cin = cin
        self.birth_date = birth_date
        self.province_code = province_code
        self.category = Category(category)
        self.enrolled_by = actor

    @classmethod
    def enrol(
        cls,
        *,
        name_ar: str | None,
        name_lat: str | None,
        cin: str | None,
        birth_date: date,
        province_code: str,
        category: Category,
        actor: str,
        today: date,
        reason: str | None = None,
        traceparent: str | None = None,
    ) -> Beneficiary:
        check(
            BeneficiaryMustHaveAName(name_ar, name_lat),
            NationalIdMustBeWellFormed(cin),
            BirthDateMustBeInThePast(birth_date, today),
            ProvinceMustBeKnown(province_code),
        )
        return cls(
            name_ar=name_ar,
            name_lat=name_lat,
            cin=cin,
            birth_date=birth_date,
            province_code=province_code,
            category=str(Category(category)),
            actor=actor,
            reason=reason,
            traceparent=traceparent,
        )
