"""Contracts grants publishes."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, ClassVar

from shared.contracts.base import Contract

if TYPE_CHECKING:
    from shared.contracts.registry import ContractRegistry

REVIEWS_TOPIC = "grants.reviews"


class EligibilityReviewOpenedV1(Contract):
    """A case was opened to review a beneficiary's eligibility for the agency's programmes."""

    TYPE: ClassVar[str] = "EligibilityReviewOpened"
    VERSION: ClassVar[int] = 1

    review_id: uuid.UUID
    beneficiary_id: uuid.UUID
    province_code: str
    category: str


def register(registry: ContractRegistry) -> None:
    registry.register(
        EligibilityReviewOpenedV1.TYPE, EligibilityReviewOpenedV1.VERSION, EligibilityReviewOpenedV1
    )
