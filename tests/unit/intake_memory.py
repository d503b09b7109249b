"""Intake's use cases over eventsourcing's POPO store and the in-memory adapters
(services/intake/persistence/memory*.py): no database, milliseconds per test."""

from __future__ import annotations

from datetime import date
from itertools import count

from services.intake.application import Enrolment, Intake
from services.intake.bootstrap import build_intake_use_cases
from services.intake.domain.beneficiary import category_entry
from services.intake.domain.personal import PersonalData
from services.intake.domain.reference import Category, Sex

IN_MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.popo", "LOOKUP_SECRET": "unit-secret"}
_cins = count(100_000)


def in_memory_intake() -> Intake:
    return build_intake_use_cases(IN_MEMORY)


def person(
    cin: str | None = None,
    *,
    name_ar: str = "خديجة المرابط",
    province_code: str = "LAR",
    commune_code: str = "LAR-001",
    birth_date: date = date(1975, 5, 2),
) -> Enrolment:
    return Enrolment(
        personal=PersonalData(
            name_ar=name_ar,
            name_lat="Khadija Mrabet",
            cin=cin or f"LA{next(_cins)}",
            civil_registry_ref=None,
            birth_date=birth_date,
            phone="0612345678",
            address=None,
        ),
        sex=Sex.FEMALE,
        province_code=province_code,
        commune_code=commune_code,
        categories=[
            category_entry(
                Category.DISASTER_AFFECTED, evidence="flood census", since=date(2026, 2, 10)
            )
        ],
    )
