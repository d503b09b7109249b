"""Reporting's reactions to intake's beneficiaries and grants' decisions: translate the
contract, call the projection. Each runs inside the inbox's transaction (the `UnitOfWork`
bootstrap gives the inbox), so the read model's change and the inbox row commit together."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from services.reporting.application import Projection
from shared.contracts import DecodedEvent
from shared.contracts.grants_decisions import (
    DecisionAmendedV1,
    DecisionAppealDecidedV1,
    DecisionAppealedV1,
    DecisionApprovedInListV1,
    DecisionApprovedV1,
    DecisionAuthorisedV1,
    DecisionCancelledV1,
    DecisionProposedV1,
    DecisionRejectedV1,
)
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

    return {
        BeneficiaryEnrolledV2.TYPE: on_beneficiary_enrolled,
        BeneficiaryMovedV1.TYPE: on_moved,
        BeneficiaryStatusChangedV1.TYPE: on_status_changed,
        BeneficiaryCategoryRecognisedV1.TYPE: on_category_recognised,
        BeneficiariesMergedV1.TYPE: on_merged,
        **decision_effects(projection),
    }


def decision_effects(projection: Projection) -> dict[str, Reaction]:
    """Grants' decisions (`grants.decisions` v1), each step by the decision's id."""

    def on_proposed(event: DecodedEvent, _: object) -> None:
        p = event.payload
        assert isinstance(p, DecisionProposedV1)
        projection.decision_proposed(
            p.decision_id,
            p.programme_id,
            p.province_code,
            needs_authorisation=p.needs_authorisation,
        )

    def on_appeal_decided(event: DecodedEvent, _: object) -> None:
        p = event.payload
        assert isinstance(p, DecisionAppealDecidedV1)
        if p.outcome == "upheld":
            projection.decision_approved(p.decision_id)
        else:
            projection.appeal_dismissed(p.decision_id)

    def on_amended(event: DecodedEvent, _: object) -> None:
        p = event.payload
        assert isinstance(p, DecisionAmendedV1)
        projection.decision_amended(p.decision_id, needs_authorisation=p.needs_authorisation)

    def step(apply: Callable[[UUID], None]) -> Reaction:
        def on_step(event: DecodedEvent, _: object) -> None:
            decision_id = getattr(event.payload, "decision_id", None)
            assert isinstance(decision_id, UUID)
            apply(decision_id)

        return on_step

    return {
        DecisionProposedV1.TYPE: on_proposed,
        DecisionApprovedV1.TYPE: step(projection.decision_approved),
        DecisionAuthorisedV1.TYPE: step(projection.decision_approved),
        DecisionApprovedInListV1.TYPE: step(projection.decision_approved_in_list),
        DecisionRejectedV1.TYPE: step(projection.decision_rejected),
        DecisionAppealedV1.TYPE: step(projection.decision_appealed),
        DecisionAppealDecidedV1.TYPE: on_appeal_decided,
        DecisionCancelledV1.TYPE: step(projection.decision_cancelled),
        DecisionAmendedV1.TYPE: on_amended,
    }
