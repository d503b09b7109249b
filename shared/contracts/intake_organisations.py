"""Contracts intake publishes about institutions and associations.

Organisations' names are not personal data, so unlike beneficiaries' they travel.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from shared.contracts.base import Contract

if TYPE_CHECKING:
    from shared.contracts.registry import ContractRegistry

INSTITUTIONS_TOPIC = "intake.institutions"
ASSOCIATIONS_TOPIC = "intake.associations"


class InstitutionRegisteredV1(Contract):
    TYPE: ClassVar[str] = "InstitutionRegistered"
    VERSION: ClassVar[int] = 1

    institution_id: uuid.UUID
    name_lat: str | None
    name_ar: str | None
    type: str
    province_code: str
    commune_code: str
    capacity: int
    licensing_status: str
    managing_association_id: uuid.UUID | None


class InstitutionLicensingChangedV1(Contract):
    TYPE: ClassVar[str] = "InstitutionLicensingChanged"
    VERSION: ClassVar[int] = 1

    institution_id: uuid.UUID
    status: str
    effective_on: date
    reason: str | None


class InstitutionManagerAssignedV1(Contract):
    """An association now manages the institution (in place of any before it)."""

    TYPE: ClassVar[str] = "InstitutionManagerAssigned"
    VERSION: ClassVar[int] = 1

    institution_id: uuid.UUID
    managing_association_id: uuid.UUID


class AssociationRegisteredV1(Contract):
    TYPE: ClassVar[str] = "AssociationRegistered"
    VERSION: ClassVar[int] = 1

    association_id: uuid.UUID
    name: str
    registration_number: str
    province_code: str
    fields_of_work: list[str]


class PartnershipAgreementSignedV1(Contract):
    TYPE: ClassVar[str] = "PartnershipAgreementSigned"
    VERSION: ClassVar[int] = 1

    association_id: uuid.UUID
    agreement_id: uuid.UUID
    subject: str
    starts_on: date
    ends_on: date


class PartnershipAgreementEndedV1(Contract):
    """The agreement was ended before its agreed end date."""

    TYPE: ClassVar[str] = "PartnershipAgreementEnded"
    VERSION: ClassVar[int] = 1

    association_id: uuid.UUID
    agreement_id: uuid.UUID
    ended_on: date
    reason: str | None


CONTRACTS: tuple[type[Contract], ...] = (
    InstitutionRegisteredV1,
    InstitutionLicensingChangedV1,
    InstitutionManagerAssignedV1,
    AssociationRegisteredV1,
    PartnershipAgreementSignedV1,
    PartnershipAgreementEndedV1,
)


def register(registry: ContractRegistry) -> None:
    for contract in CONTRACTS:
        registry.register(contract.TYPE, contract.VERSION, contract)
