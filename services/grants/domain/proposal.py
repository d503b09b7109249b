"""Proposing a decision: an eligible subject, a component due to it, in an open cycle."""

from __future__ import annotations

from services.grants.domain.decision import Decision
from services.grants.domain.decision_rules import ComponentMustBeDue, CycleMustBeOpen
from services.grants.domain.eligibility import Assessment
from services.grants.domain.programme import Programme
from services.grants.domain.programme_terms import Cycle
from shared.rules import check


def propose(
    programme: Programme,
    cycle: Cycle,
    assessment: Assessment,
    component: str,
    *,
    actor: str,
    reason: str | None = None,
    traceparent: str | None = None,
    disability_type_attested: bool = False,
) -> Decision:
    """Refused with the assessment's first reason when the subject is not eligible. The
    threshold in force now stays with the decision. Who may propose (a caseworker in the
    province, or grants itself from intake's events) is the caller's to check; a second
    proposal for the same thing has the same id (`Decision.create_id`) and collides.

    A caseworker's attestation of the type of disability is kept only where the programme
    depends on it: grants holds no more health data than the decision needs."""
    award = assessment.award_for(component)
    check(CycleMustBeOpen(programme.is_open_in(cycle)), *assessment.broken)
    check(ComponentMustBeDue(award is not None))
    assert award is not None
    return Decision(
        programme_id=programme.id,
        cycle=cycle.key,
        component=component,
        subject_id=assessment.subject_id,
        province_code=assessment.province_code,
        amount_centimes=None if award.amount is None else award.amount.centimes,
        items=list(award.items),
        needs_second_approval=programme.terms.needs_second_approval(award.amount),
        disability_type_attested=disability_type_attested
        and bool(programme.terms.eligibility.disability_types),
        actor=actor,
        reason=reason,
        traceparent=traceparent,
    )
