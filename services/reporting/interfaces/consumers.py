"""Reporting's reactions to intake's and grants' events: translate the contract, call the
projection. Each runs inside the inbox's transaction (the `UnitOfWork` bootstrap gives the
inbox), so the read model's change and the inbox row commit together."""

from __future__ import annotations

from collections.abc import Callable

from services.reporting.application import Projection
from shared.contracts import DecodedEvent
from shared.contracts.grants import EligibilityReviewOpenedV1
from shared.contracts.intake import (
    BeneficiariesMergedV1,
    BeneficiaryCategoryRecognisedV1,
    BeneficiaryEnrolledV2,
    BeneficiaryMovedV1,
    BeneficiaryStatusChangedV1,
)

# The inbox passes its transaction's session too; these need none of it (the use cases' adapters
# join the open unit of work), so any object will do: a unit test passes None.
Reaction = Callable[[DecodedEvent, object], None]


def effects(projection: Projection) -> dict[str, Reaction]:
    def on_beneficiary_enrolled(event: DecodedEvent, _: object) -> None:
        p = event.payload
        assert isinstance(p, BeneficiaryEnrolledV2)
        projection.beneficiary_enrolled(p.beneficiary_id, p.province_code, frozenset(p.categories))

    def on_moved(event: DecodedEvent, _: object) -> None:
        p = event.payload
        assert isinstance(p, BeneficiaryMovedV1)
        projection.beneficiary_moved(p.beneficiary_id, p.province_code)

    def on_status_changed(event: DecodedEvent, _: object) -> None:
        p = event.payload
        assert isinstance(p, BeneficiaryStatusChangedV1)
        projection.beneficiary_status_changed(p.beneficiary_id, p.status)

    def on_category_recognised(event: DecodedEvent, _: object) -> None:
        p = event.payload
        assert isinstance(p, BeneficiaryCategoryRecognisedV1)
        projection.beneficiary_category_recognised(p.beneficiary_id, p.category)

    def on_merged(event: DecodedEvent, _: object) -> None:
        p = event.payload
        assert isinstance(p, BeneficiariesMergedV1)
        projection.beneficiaries_merged(p.duplicate_id)

    def on_review_opened(event: DecodedEvent, _: object) -> None:
        p = event.payload
        assert isinstance(p, EligibilityReviewOpenedV1)
        projection.eligibility_review_opened(p.province_code)

    return {
        BeneficiaryEnrolledV2.TYPE: on_beneficiary_enrolled,
        BeneficiaryMovedV1.TYPE: on_moved,
        BeneficiaryStatusChangedV1.TYPE: on_status_changed,
        BeneficiaryCategoryRecognisedV1.TYPE: on_category_recognised,
        BeneficiariesMergedV1.TYPE: on_merged,
        EligibilityReviewOpenedV1.TYPE: on_review_opened,
    }
