"""Intake's use cases over eventsourcing's POPO store and the in-memory adapters
(services/intake/persistence/memory*.py): no database, milliseconds per test."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from itertools import count
from uuid import UUID

import pytest

from services.intake.application import EVERYWHERE, Enrolment, Intake, Scope
from services.intake.application.organisations import (
    AssociationRegistration,
    InstitutionRegistration,
)
from services.intake.bootstrap import build_intake_use_cases
from services.intake.domain.beneficiary import category_entry
from services.intake.domain.personal import PersonalData
from services.intake.domain.reference import Category, InstitutionType, LicensingStatus, Sex
from shared.rules import BusinessRuleBroken

IN_MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.popo", "LOOKUP_SECRET": "unit-secret"}
FLOODS = "floods-2026-02-north-west"
SAFI = "floods-2025-12-safi"
_cins = count(100_000)


def in_memory_intake() -> Intake:
    return build_intake_use_cases(IN_MEMORY)


def person(
    cin: str | None = None,
    *,
    name_ar: str = "خديجة المرابط",
    name_lat: str = "Khadija Mrabet",
    civil_registry_ref: str | None = None,
    province_code: str = "LAR",
    commune_code: str = "LAR-001",
    birth_date: date = date(1975, 5, 2),
) -> Enrolment:
    """An enrolment in Larache; a fresh national ID unless `cin` or `civil_registry_ref`."""
    return Enrolment(
        personal=PersonalData(
            name_ar=name_ar,
            name_lat=name_lat,
            cin=cin or (None if civil_registry_ref else f"LA{next(_cins)}"),
            civil_registry_ref=civil_registry_ref,
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


def enrolled(intake: Intake, province_code: str = "LAR", cin: str | None = None) -> UUID:
    """A newly enrolled beneficiary in `<province>-001`, born on a day of their own (so no
    likeness flags between them)."""
    born = date(1950, 1, 1) + timedelta(days=next(_cins) % 20_000)
    enrolment = person(
        cin, province_code=province_code, commune_code=f"{province_code}-001", birth_date=born
    )
    return intake.beneficiaries.enrol_beneficiary(enrolment, actor="cw")


def scope(*provinces: str) -> Scope:
    """A caseworker's scope: acting in and seeing these provinces only."""
    return Scope(acts_in=frozenset(provinces), sees=frozenset(provinces))


@contextmanager
def broken(field: str) -> Iterator[None]:
    """The block breaks a business rule naming `field` (the HTTP layer's 422 `fields`)."""
    with pytest.raises(BusinessRuleBroken) as error:
        yield
    assert error.value.field == field, error.value


def events_of(intake: Intake) -> Callable[[UUID], list[str]]:
    return lambda record_id: [e.what for e in intake.store.history(record_id)]


def listed(intake: Intake, **filters: object) -> tuple[list[UUID], int]:
    """The beneficiaries list (every province, no filter, unless `filters` say otherwise)."""
    query: dict[str, object] = {
        "provinces": None, "province": None, "category": None, "status": None,
        "limit": 50, "offset": 0,
    } | filters  # fmt: skip
    records, total = intake.views.search_beneficiaries(**query)
    return [r.beneficiary_id for r in records], total


DAR_AL_ATFAL = InstitutionRegistration(
    name_lat="Dar Al Atfal Khenifra", name_ar="دار الأطفال خنيفرة",
    type=InstitutionType.SOCIAL_CARE_INSTITUTION, province_code="KHN", commune_code="KHN-001",
    capacity=60, licensing_status=LicensingStatus.LICENSING_IN_PROGRESS,
)  # fmt: skip
AL_AMAL = AssociationRegistration(
    name="جمعية الأمل لرعاية المسنين", registration_number="KHN-2014-0117", province_code="KHN",
    fields_of_work=(Category.ELDERLY_WITHOUT_SUPPORT, Category.DISABILITY),
)  # fmt: skip


def institution(intake: Intake, **changes: object) -> UUID:
    registration = dataclasses.replace(DAR_AL_ATFAL, **changes)  # type: ignore[arg-type]
    return intake.organisations.register_institution(registration, actor="cw-khenifra")


def association(intake: Intake, **changes: object) -> UUID:
    registration = dataclasses.replace(AL_AMAL, **changes)  # type: ignore[arg-type]
    return intake.organisations.register_association(registration, actor="cw-khenifra")


def license_(
    intake: Intake, institution_id: UUID, status: LicensingStatus, on: str,
    reason: str = "décision", scope: Scope = EVERYWHERE,
) -> None:  # fmt: skip
    intake.organisations.change_licensing(
        institution_id, status=status, effective_on=date.fromisoformat(on), reason=reason,
        actor="cw-khenifra", scope=scope,
    )  # fmt: skip


def agreement(
    intake: Intake, association_id: UUID, ends_on: str = "2025-12-31", scope: Scope = EVERYWHERE
) -> UUID:
    return intake.organisations.sign_agreement(
        association_id, subject="gestion", starts_on=date(2023, 1, 1),
        ends_on=date.fromisoformat(ends_on), actor="cw", scope=scope,
    )  # fmt: skip
