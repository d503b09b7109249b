"""Contracts intake publishes. Personal data (names, national ID) never travels in these."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, ClassVar

from shared.contracts.base import Contract

if TYPE_CHECKING:
    from shared.contracts.registry import ContractRegistry

BENEFICIARIES_TOPIC = "intake.beneficiaries"


class BeneficiaryEnrolledV1(Contract):
    """A person was enrolled. Only what other services need: ids, province, category."""

    TYPE: ClassVar[str] = "BeneficiaryEnrolled"
    VERSION: ClassVar[int] = 1

    beneficiary_id: uuid.UUID
    province_code: str
    category: str


def register(registry: ContractRegistry) -> None:
    registry.register(
        BeneficiaryEnrolledV1.TYPE, BeneficiaryEnrolledV1.VERSION, BeneficiaryEnrolledV1
    )
