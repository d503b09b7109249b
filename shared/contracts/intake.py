"""Contracts intake publishes about beneficiaries. Personal data (names, national ID, birth
date, phone, address) never travels in these: other services get ids, codes and categories."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, ClassVar

from shared.contracts.base import Contract

if TYPE_CHECKING:
    from shared.contracts.registry import ContractRegistry

BENEFICIARIES_TOPIC = "intake.beneficiaries"


class BeneficiaryEnrolledV1(Contract):
    """v1 (issue 2): one category per person."""

    TYPE: ClassVar[str] = "BeneficiaryEnrolled"
    VERSION: ClassVar[int] = 1

    beneficiary_id: uuid.UUID
    province_code: str
    category: str


class BeneficiaryEnrolledV2(Contract):
    """A person was enrolled, with every category they were recognised in."""

    TYPE: ClassVar[str] = "BeneficiaryEnrolled"
    VERSION: ClassVar[int] = 2

    beneficiary_id: uuid.UUID
    province_code: str
    commune_code: str | None
    sex: str | None
    categories: list[str]


def enrolled_v1_to_v2(payload: dict[str, Any]) -> dict[str, Any]:
    return {
        "beneficiary_id": payload["beneficiary_id"],
        "province_code": payload["province_code"],
        "commune_code": None,
        "sex": None,
        "categories": [payload["category"]],
    }


class BeneficiaryStatusChangedV1(Contract):
    TYPE: ClassVar[str] = "BeneficiaryStatusChanged"
    VERSION: ClassVar[int] = 1

    beneficiary_id: uuid.UUID
    status: str


class BeneficiaryMovedV1(Contract):
    TYPE: ClassVar[str] = "BeneficiaryMoved"
    VERSION: ClassVar[int] = 1

    beneficiary_id: uuid.UUID
    province_code: str
    commune_code: str


class BeneficiaryCategoryRecognisedV1(Contract):
    TYPE: ClassVar[str] = "BeneficiaryCategoryRecognised"
    VERSION: ClassVar[int] = 1

    beneficiary_id: uuid.UUID
    category: str


class BeneficiariesMergedV1(Contract):
    """Two records were the same person: the duplicate now points at the survivor."""

    TYPE: ClassVar[str] = "BeneficiariesMerged"
    VERSION: ClassVar[int] = 1

    duplicate_id: uuid.UUID
    survivor_id: uuid.UUID


class BeneficiaryPersonalDataErasedV1(Contract):
    """The person's key was destroyed; counts and amounts are unaffected."""

    TYPE: ClassVar[str] = "BeneficiaryPersonalDataErased"
    VERSION: ClassVar[int] = 1

    beneficiary_id: uuid.UUID


def register(registry: ContractRegistry) -> None:
    registry.register_upcaster(BeneficiaryEnrolledV1.TYPE, 1, enrolled_v1_to_v2)
    for contract in (
        BeneficiaryEnrolledV2,
        BeneficiaryStatusChangedV1,
        BeneficiaryMovedV1,
        BeneficiaryCategoryRecognisedV1,
        BeneficiariesMergedV1,
        BeneficiaryPersonalDataErasedV1,
    ):
        registry.register(contract.TYPE, contract.VERSION, contract)
