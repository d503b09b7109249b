"""Intake's use cases, one method each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from uuid import UUID

from services.intake.application.base import IntakeBase
from services.intake.domain.beneficiary import Beneficiary
from services.intake.domain.reference import Category


@dataclass(frozen=True)
class Enrolment:
    name_ar: str | None
    name_lat: str | None
    cin: str | None
    birth_date: date
    province_code: str
    category: Category


class BeneficiaryUseCases(IntakeBase):
    def enrol_beneficiary(
        self, enrolment: Enrolment, *, actor: str, traceparent: str | None = None
    ) -> UUID:
        beneficiary = Beneficiary.enrol(
            name_ar=enrolment.name_ar,
            name_lat=enrolment.name_lat,
            cin=enrolment.cin,
            birth_date=enrolment.birth_date,
            province_code=enrolment.province_code,
            category=enrolment.category,
            actor=actor,
            today=datetime.now(UTC).date(),
            traceparent=traceparent,
        )
        self.save(beneficiary)
        return beneficiary.id

    def beneficiary(self, beneficiary_id: UUID) -> Beneficiary:
        found: Beneficiary = self.repository.get(beneficiary_id)
        assert isinstance(found, Beneficiary)
        return found
