"""Intake publishes by event class: every event class of its aggregates is listed."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from eventsourcing.domain import Aggregate

from services.intake.domain.association import Association
from services.intake.domain.beneficiary import Beneficiary
from services.intake.domain.commune_registry import CommuneRegistry
from services.intake.domain.household import Household
from services.intake.domain.institution import Institution
from services.intake.interfaces.publishing import to_integration_event
from shared.messaging.publishing import unlisted_events


def test_every_event_of_a_stored_aggregate_is_translated_or_kept_in() -> None:
    aggregates: list[type[Aggregate]] = [
        Beneficiary,
        Household,
        Institution,
        Association,
        CommuneRegistry,
    ]
    assert unlisted_events(to_integration_event, aggregates) == []


def test_an_event_named_like_a_beneficiary_event_is_not_published_as_one() -> None:
    class StatusChanged(Institution.Event):
        status: str

    make: Any = StatusChanged  # fields come from the annotations, unseen by mypy
    event = make(
        originator_id=uuid4(),
        originator_version=2,
        timestamp=StatusChanged.create_timestamp(),
        status="inactive",
    )
    assert to_integration_event(event) is None
