"""An approved cash decision commits its amount on its envelope (programme, cycle and
province) as a hold whose id is the decision's. Hold first, then save the decision: a refused
hold leaves the decision unapproved; a save that fails releases the holds it placed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar
from uuid import UUID

from services.grants.application.envelopes import EnvelopeLedger, NoEnvelope
from services.grants.domain.decision import Decision
from services.grants.domain.decision_rules import DecisionStatus
from services.grants.domain.envelope import Envelope
from shared.money import Money
from shared.rules import BusinessRule, check

T = TypeVar("T")


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


def hold_then_save(
    ledger: EnvelopeLedger,
    decisions: Sequence[Decision],
    save: Callable[[], T],
    *,
    actor: str,
    reason: str,
) -> T:
    """Place one hold per newly approved cash decision (all on one envelope: the decisions
    share programme, cycle and province), then `save`; undo the holds if `save` raises."""
    holds = [(d.id, Money(d.amount_centimes or 0)) for d in decisions if committing(d)]
    if not holds:
        return save()
    envelope_ids = {envelope_of(d) for d in decisions if committing(d)}
    assert len(envelope_ids) == 1, "the decisions of one save share their envelope"
    [envelope_id] = envelope_ids
    try:
        ledger.place_holds(envelope_id, holds, actor=actor, reason=reason)
    except NoEnvelope:
        check(DecisionNeedsAnOpenEnvelope(envelope_id, opened=False))
    try:
        return save()
    except BaseException:
        ledger.release_holds(
            envelope_id,
            [hold_id for hold_id, _ in holds],
            actor=actor,
            reason="the approval was not saved: its hold is released",
        )
        raise
