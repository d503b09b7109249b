"""Which of grants' stored events go out, and as which integration contract, by event class.

Every event class of every aggregate grants stores is listed: a translator or `KEPT_IN`
(tests/unit/test_grants_publishing.py fails on an event nobody listed). `publishing_for(store)`
is the relay's: envelope movements carry the balances after them, read from that store.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.application import Application

from services.grants.domain.decision import Decision
from services.grants.domain.delivery_order import DeliveryOrder
from services.grants.domain.envelope import Envelope
from services.grants.domain.grant_application import Application as GrantApplication
from services.grants.domain.order import PaymentOrder
from services.grants.domain.payment_list import PaymentList
from services.grants.domain.programme import Programme
from services.grants.domain.retired import RetiredEligibilityReview
from services.grants.domain.statement_records import AppliedStatement, StatementException
from services.grants.interfaces.publishing_decisions import DECISION_EVENTS, PAYMENT_LIST_EVENTS
from services.grants.interfaces.publishing_envelopes import EnvelopesAsOf, envelope_events
from services.grants.interfaces.publishing_orders import (
    DELIVERY_ORDER_EVENTS,
    PAYMENT_ORDER_EVENTS,
)
from services.grants.interfaces.publishing_programmes import PROGRAMME_EVENTS
from shared.messaging.publishing import KEPT_IN, EventPublishing, Translators

PUBLISHED_AGGREGATES = (
    Programme,
    Decision,
    PaymentList,
    PaymentOrder,
    DeliveryOrder,
    Envelope,
    AppliedStatement,
    StatementException,
    GrantApplication,
    RetiredEligibilityReview,
)


# Grants' own bookkeeping of the provider's statements: what they did to orders and
# envelopes goes out as order and envelope events; exceptions are for a person in grants.
STATEMENT_EVENTS: Translators = {
    AppliedStatement.Created: KEPT_IN,
    AppliedStatement.Applied: KEPT_IN,
    StatementException.Created: KEPT_IN,
    StatementException.Raised: KEPT_IN,
    StatementException.Resolved: KEPT_IN,
}

# Stored before issue 9 and read back, never published again: `grants.reviews` is retired.
RETIRED_EVENTS: Translators = {
    RetiredEligibilityReview.Opened: KEPT_IN,
    RetiredEligibilityReview.Created: KEPT_IN,
}

# An association's application goes out as the decision it proposes (grants.decisions).
APPLICATION_EVENTS: Translators = {
    GrantApplication.Created: KEPT_IN,
    GrantApplication.Submitted: KEPT_IN,
}


def publishing_for(store: Application[Any] | None) -> EventPublishing:
    """Without a store (unit tests), envelope balances are known only from events translated
    in order from the envelope's opening."""

    def envelope_at(envelope_id: UUID, version: int) -> Envelope:
        assert store is not None
        found: object = store.repository.get(envelope_id, version=version)
        assert isinstance(found, Envelope)
        return found

    return EventPublishing(
        RETIRED_EVENTS,
        STATEMENT_EVENTS,
        APPLICATION_EVENTS,
        PROGRAMME_EVENTS,
        DECISION_EVENTS,
        PAYMENT_LIST_EVENTS,
        PAYMENT_ORDER_EVENTS,
        DELIVERY_ORDER_EVENTS,
        envelope_events(EnvelopesAsOf(envelope_at if store is not None else None)),
    )


PUBLISHING = publishing_for(None)
