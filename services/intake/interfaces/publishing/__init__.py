"""Which of intake's stored events go out, and as which integration contract, by event class.

Every event class of every aggregate intake stores is listed: a translator or `KEPT_IN`
(tests/unit/test_intake_publishing.py fails on an event nobody listed)."""

from __future__ import annotations

from typing import Any

from services.intake.domain.commune_registry import CommuneRegistry
from services.intake.interfaces.publishing.beneficiaries import BENEFICIARY_EVENTS
from services.intake.interfaces.publishing.claims import CLAIM_EVENTS
from services.intake.interfaces.publishing.households import HOUSEHOLD_EVENTS
from services.intake.interfaces.publishing.organisations import (
    ASSOCIATION_EVENTS,
    INSTITUTION_EVENTS,
)
from shared.messaging.publishing import KEPT_IN, EventPublishing, Translators

_commune_events: Any = CommuneRegistry  # `@event` classes, unseen by mypy
COMMUNE_REGISTRY_EVENTS: Translators = {
    CommuneRegistry.Created: KEPT_IN,
    _commune_events.CommuneAdded: KEPT_IN,
}

to_integration_event = EventPublishing(
    BENEFICIARY_EVENTS,
    HOUSEHOLD_EVENTS,
    CLAIM_EVENTS,
    INSTITUTION_EVENTS,
    ASSOCIATION_EVENTS,
    COMMUNE_REGISTRY_EVENTS,
)
