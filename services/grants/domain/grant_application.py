"""An association's application: what it asked for, for which institution, and why.

Submitted together with the decision it opens (one save), so the decision's proposal and the
request behind it are never apart; the decision carries the amount and the four-eyes steps,
the application keeps who asked and for what (the payee of a later order is the association).
"""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from services.grants.domain.decision import Decision
from shared.money import Money


class Application(Aggregate):
    class Submitted(Aggregate.Created):
        decision_id: UUID
        programme_id: UUID
        fiscal_year: str
        association_id: UUID
        institution_id: UUID | None
        province_code: str
        requested_centimes: int
        purpose: str
        actor: str
        reason: str | None
        traceparent: str | None

    @staticmethod
    def create_id(decision_id: UUID) -> UUID:
        """One application per decision: applying twice for the same thing collides."""
        return uuid5(NAMESPACE_URL, f"taawun:application:{decision_id}")

    @event(Submitted)
    def __init__(
        self,
        *,
        decision_id: UUID,
        programme_id: UUID,
        fiscal_year: str,
        association_id: UUID,
        institution_id: UUID | None,
        province_code: str,
        requested_centimes: int,
        purpose: str,
        actor: str,
        reason: str | None,
        traceparent: str | None,
    ) -> None:
        self.decision_id = decision_id
        self.programme_id = programme_id
        self.fiscal_year = fiscal_year
        self.association_id = association_id
        self.institution_id = institution_id
        self.province_code = province_code
        self.requested_centimes = requested_centimes
        self.purpose = purpose
        self.submitted_by = actor

    @property
    def requested(self) -> Money:
        return Money(self.requested_centimes)

    @classmethod
    def submit(
        cls,
        decision: Decision,
        *,
        association_id: UUID,
        institution_id: UUID | None,
        requested: Money,
        purpose: str,
        actor: str,
        traceparent: str | None = None,
    ) -> Application:
        return cls(
            decision_id=decision.id,
            programme_id=decision.programme_id,
            fiscal_year=decision.cycle,
            association_id=association_id,
            institution_id=institution_id,
            province_code=decision.province_code,
            requested_centimes=requested.centimes,
            purpose=purpose,
            actor=actor,
            reason=purpose,
            traceparent=traceparent,
        )
