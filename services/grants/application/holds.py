"""An approved cash decision commits its amount on its envelope (programme, cycle and
province) as a hold whose id is the decision's. The holds and the approval are stored in one
transaction: a refused hold leaves the decision unapproved, a failed save leaves neither."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from eventsourcing.domain import Aggregate

from services.grants.application.envelopes import EnvelopeLedger, NoEnvelope
from services.grants.application.ports import Saves
from services.grants.application.saved_together import Alongside
from services.grants.domain.decision import Decision
from services.grants.domain.decision_rules import DecisionStatus
from services.grants.domain.envelope import Envelope
from shared.money import Money
from shared.rules import BusinessRule, check


@dataclass(frozen=True)
class DecisionNeedsAnOpenEnvelope(BusinessRule):
    envelope_id: UUID
    opened: bool
    message = "no envelope is open for this programme, cycle and province: an admin opens it"
    field = "envelope"
    conflict = True

    def is_broken(self) -> bool:
        return not self.opened


def envelope_of(decision: Decision) -> UUID:
    return Envelope.create_id(decision.programme_id, decision.cycle, decision.province_code)


def committing(decision: Decision) -> bool:
    return decision.status is DecisionStatus.APPROVED and decision.amount_centimes is not None


def save_holding(
    ledger: EnvelopeLedger,
    saves: Saves,
    records: Sequence[Aggregate],
    *,
    approved: Sequence[Decision],
    actor: str,
    reason: str,
) -> None:
    """Store `records` (the decisions, a payment list) and one hold per newly `approved`
    cash decision (all on one envelope: the decisions share programme, cycle and province),
    together. A lost race on the envelope is retried by the ledger; one on the records
    (another approver first) raises `RecordChangedMeanwhile`."""
    holds = [(d.id, Money(d.amount_centimes or 0)) for d in approved if committing(d)]
    if not holds:
        saves.save(*records)
        return
    envelope_ids = {envelope_of(d) for d in approved if committing(d)}
    assert len(envelope_ids) == 1, "the decisions of one save share their envelope"
    [envelope_id] = envelope_ids
    along = Alongside.collected(*records)
    try:
        ledger.place_holds(envelope_id, holds, actor=actor, reason=reason, together_with=along)
    except NoEnvelope:
        check(DecisionNeedsAnOpenEnvelope(envelope_id, opened=False))
