"""Reporting's batch reactions: a run of enrolments or of one kind of decision event translated
at once and applied by `ProjectionInBulk`, leaving what the single reactions in `consumers.py`
leave (the consumer falls back to those when a run fails). Intake's other beneficiary events
(moved, status, categories, merged) come one at a time and keep their single reactions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from uuid import UUID

from services.reporting.application import ProjectionInBulk
from services.reporting.application.projection_in_bulk import (
    Amendment,
    AppealDecided,
    Enrolment,
    Proposal,
)
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
from shared.contracts.intake import BeneficiaryEnrolledV2
from shared.messaging.deliveries import BatchEffect, Traced


def batch_effects(projection: ProjectionInBulk) -> dict[str, BatchEffect]:
    def enrolled(messages: Sequence[Traced], _: object) -> None:
        enrolments = []
        for m in messages:
            p = m.event.payload
            assert isinstance(p, BeneficiaryEnrolledV2)
            enrolments.append(Enrolment(p.beneficiary_id, p.province_code, frozenset(p.categories)))
        projection.beneficiaries_enrolled(enrolments)

    def proposed(messages: Sequence[Traced], _: object) -> None:
        proposals = []
        for m in messages:
            p = m.event.payload
            assert isinstance(p, DecisionProposedV1)
            proposals.append(
                Proposal(p.decision_id, p.programme_id, p.province_code, p.needs_authorisation)
            )
        projection.decisions_proposed(proposals)

    def appeals_decided(messages: Sequence[Traced], _: object) -> None:
        appeals = []
        for m in messages:
            p = m.event.payload
            assert isinstance(p, DecisionAppealDecidedV1)
            appeals.append(AppealDecided(p.decision_id, p.outcome == "upheld"))
        projection.appeals_decided(appeals)

    def amended(messages: Sequence[Traced], _: object) -> None:
        amendments = []
        for m in messages:
            p = m.event.payload
            assert isinstance(p, DecisionAmendedV1)
            amendments.append(Amendment(p.decision_id, p.needs_authorisation))
        projection.decisions_amended(amendments)

    def steps(apply: Callable[[Sequence[UUID]], None]) -> BatchEffect:
        def on_steps(messages: Sequence[Traced], _: object) -> None:
            decision_ids = []
            for m in messages:
                decision_id = getattr(m.event.payload, "decision_id", None)
                assert isinstance(decision_id, UUID)
                decision_ids.append(decision_id)
            apply(decision_ids)

        return on_steps

    return {
        BeneficiaryEnrolledV2.TYPE: enrolled,
        DecisionProposedV1.TYPE: proposed,
        DecisionApprovedV1.TYPE: steps(projection.decisions_approved),
        DecisionAuthorisedV1.TYPE: steps(projection.decisions_approved),
        DecisionApprovedInListV1.TYPE: steps(projection.decisions_approved_in_list),
        DecisionRejectedV1.TYPE: steps(projection.decisions_rejected),
        DecisionAppealedV1.TYPE: steps(projection.decisions_appealed),
        DecisionAppealDecidedV1.TYPE: appeals_decided,
        DecisionCancelledV1.TYPE: steps(projection.decisions_cancelled),
        DecisionAmendedV1.TYPE: amended,
    }
