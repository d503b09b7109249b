"""Contracts grants publishes."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, ClassVar

from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:
    from shared.contracts.registry import ContractRegistry

REVIEWS_TOPIC = "grants.reviews"


class EligibilityReviewOpenedV1(BaseModel):
    """A case was opened to review a beneficiary's eligibility for the agency's programmes."""

    model_config = ConfigDict(frozen=True, extra="forbid")
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
