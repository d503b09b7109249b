"""Which decision and payment-list events go out, and as which integration contract."""

from __future__ import annotations

from typing import Any

from services.grants.domain.decision import Decision
from services.grants.domain.payment_list import PaymentList
from shared.contracts.amounts import Amount
from shared.contracts.grants_decisions import (
    DECISIONS_TOPIC,
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
from shared.contracts.grants_payment_lists import (
    PAYMENT_LISTS_TOPIC,
    PaymentListApprovedV1,
    PaymentListDrawnUpV1,
    PaymentListWithdrawnV1,
)
from shared.messaging.publishing import KEPT_IN, Translators
from shared.messaging.relay import Publication


def _proposed(event: Decision.Proposed) -> Publication:
    amount = event.amount_centimes
    # An attestation's reason is the caseworker's own words about a person's disability:
    # kept in grants' history, never published (law 09-08).
    attested = event.disability_type_attested
    return Publication(
        DECISIONS_TOPIC,
        DecisionProposedV1(
            decision_id=event.originator_id,
            programme_id=event.programme_id,
            cycle=event.cycle,
            component=event.component,
            subject_id=event.subject_id,
            province_code=event.province_code,
            amount=None if amount is None else Amount.of_centimes(amount),
            items=list(event.items),
            needs_authorisation=event.needs_second_approval,
            actor=event.actor,
            reason=None if attested else event.reason,
        ),
        reason_published=not attested,
    )


def _approved(event: Decision.Approved) -> Publication:
    return _step(DecisionAuthorisedV1 if event.authorises else DecisionApprovedV1, event)


def _amended(event: Decision.Amended) -> Publication:
    amount = event.amount_centimes
    return _step(
        DecisionAmendedV1, event, amount=None if amount is None else Amount.of_centimes(amount),
        items=list(event.items), needs_authorisation=event.needs_second_approval,
    )  # fmt: skip


def _approved_in_list(event: Decision.ApprovedInList) -> Publication:
    return Publication(
        DECISIONS_TOPIC,
        DecisionApprovedInListV1(
            decision_id=event.originator_id,
            payment_list_id=event.payment_list_id,
            approvers=list(event.approvers),
            actor=event.actor,
            reason=event.reason,
        ),
    )


def _step(contract: Any, event: Decision.Step, **fields: Any) -> Publication:
    return Publication(
        DECISIONS_TOPIC,
        contract(decision_id=event.originator_id, actor=event.actor, reason=event.reason, **fields),
    )


DECISION_EVENTS: Translators = {
    Decision.Proposed: _proposed,
    Decision.Created: KEPT_IN,  # never stored: `__init__` is decorated with `Proposed`
    Decision.Approved: _approved,
    Decision.ApprovedInList: _approved_in_list,
    Decision.Rejected: lambda e: _step(DecisionRejectedV1, e),
    Decision.Appealed: lambda e: _step(DecisionAppealedV1, e),
    Decision.AppealUpheld: lambda e: _step(DecisionAppealDecidedV1, e, outcome="upheld"),
    Decision.AppealDismissed: lambda e: _step(DecisionAppealDecidedV1, e, outcome="dismissed"),
    Decision.Cancelled: lambda e: _step(DecisionCancelledV1, e),
    Decision.Amended: _amended,
}


def _drawn_up(event: PaymentList.DrawnUp) -> Publication:
    return Publication(
        PAYMENT_LISTS_TOPIC,
        PaymentListDrawnUpV1(
            payment_list_id=event.originator_id,
            programme_id=event.programme_id,
            cycle=event.cycle,
            province_code=event.province_code,
            component=event.component,
            number=event.number,
            approvals_needed=event.approvals_needed,
            actor=event.actor,
            reason=event.reason,
        ),
    )


def _list_approved(event: PaymentList.Approved) -> Publication:
    return Publication(
        PAYMENT_LISTS_TOPIC,
        PaymentListApprovedV1(
            payment_list_id=event.originator_id,
            count=event.count,
            total=Amount.of_centimes(event.total_centimes),
            digest=event.digest,
            actor=event.actor,
            reason=event.reason,
        ),
    )


def _list_withdrawn(event: PaymentList.Withdrawn) -> Publication:
    return Publication(
        PAYMENT_LISTS_TOPIC,
        PaymentListWithdrawnV1(
            payment_list_id=event.originator_id, actor=event.actor, reason=event.reason
        ),
    )


PAYMENT_LIST_EVENTS: Translators = {
    PaymentList.DrawnUp: _drawn_up,
    PaymentList.Created: KEPT_IN,  # never stored: `__init__` is decorated with `DrawnUp`
    PaymentList.Approved: _list_approved,
    PaymentList.Withdrawn: _list_withdrawn,
    # Lines come and go until the first approval; what was approved (count, total, digest)
    # goes out with each approval, and each line's decision says it was approved in the list.
    PaymentList.LinesAdded: KEPT_IN,
    PaymentList.LineRemoved: KEPT_IN,
}
