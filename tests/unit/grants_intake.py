"""The grants of the intake-facts tests: the in-memory store with the reference programmes,
the facts, the proposals, the envelopes, and the consumer's reactions to feed them."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import cast

from opentelemetry.trace import INVALID_SPAN
from sqlalchemy.orm import Session

from services.grants.application import EnvelopeLedger
from services.grants.application.facts_in_bulk import FactsInBulkFromIntake
from services.grants.application.intake_facts import FactsFromIntake
from services.grants.application.proposals import SYSTEM
from services.grants.application.proposals_in_bulk import ProposalsInBulkFromIntake
from services.grants.domain.decision import Decision
from services.grants.domain.programme import Programme
from services.grants.domain.programme_terms import Cycle
from services.grants.domain.reference_programmes import (
    FLOODS_2026_02,
)
from services.grants.interfaces.intake_batches import intake_batches
from services.grants.interfaces.intake_consumers import Reaction, intake_effects
from services.grants.persistence.envelopes import EventSourcedEnvelopes
from services.grants.persistence.event_store import GrantsEventStore, in_memory_event_store
from services.grants.persistence.intake_facts_memory import (
    InMemoryIntakeFacts,
    InMemorySubjectIndex,
)
from services.grants.persistence.proposals import (
    EventSourcedProgrammes,
    EventSourcedProposals,
    ship_reference_programmes,
)
from shared.contracts import DecodedEvent
from shared.contracts.base import Contract
from shared.contracts.intake import (
    BeneficiaryEnrolledV2,
)
from shared.contracts.intake_claims import ReliefClaimedV1
from shared.contracts.intake_households import HouseholdDisasterImpactRecordedV1
from shared.messaging.deliveries import Delivery, apply_in_runs, traced_runs
from shared.messaging.records import Record
from tests.unit.delivered import delivered


class Grants:
    def __init__(self, *more_programmes: Programme) -> None:
        """`more_programmes`: besides the reference ones, stored, and proposed from too."""
        self.store: GrantsEventStore = in_memory_event_store()
        ship_reference_programmes(self.store, actor=SYSTEM)
        self.store.save(*more_programmes)
        self.facts = InMemoryIntakeFacts()
        self.proposals = EventSourcedProposals(self.store, InMemorySubjectIndex())
        self.envelopes = EnvelopeLedger(EventSourcedEnvelopes(self.store))
        reference = EventSourcedProgrammes(self.store)
        catalogue = _Catalogue(lambda: [*reference.programmes(), *more_programmes])
        self.use_cases = ProposalsInBulkFromIntake(catalogue, self.proposals, self.envelopes)
        self.effects: dict[str, Reaction] = intake_effects(
            FactsFromIntake(self.facts, self.use_cases)
        )
        self.batches = intake_batches(FactsInBulkFromIntake(self.facts, self.use_cases))

    def receive(self, event: DecodedEvent) -> None:
        self.effects[event.type](event, None)

    def receive_in_runs(self, events: list[DecodedEvent]) -> None:
        """As the consumer applies a chunk: runs of a kind with a batch effect together."""
        runs = traced_runs(self.batches, lambda _: nullcontext(INVALID_SPAN))
        nowhere = Record("intake", 0, 0, None, None)
        deliveries = [Delivery(e, nowhere, self.effects[e.type]) for e in events]
        apply_in_runs(deliveries, {}, runs, cast(Session, None))

    def tell(self, payload: Contract) -> DecodedEvent:
        event = delivered(payload)
        self.receive(event)
        return event

    def flood_hit(self, household_id: uuid.UUID, province: str) -> None:
        """Intake recorded the household's impact and the family claimed relief by SMS."""
        self.tell(flood_impact(household_id, province))
        self.tell(relief_claim(household_id, province))

    def programme(self, code: str) -> Programme:
        found: object = self.store.repository.get(Programme.create_id(code))
        assert isinstance(found, Programme)
        return found

    def open_this_year(self, code: str) -> str:
        programme = self.programme(code)
        cycle = Cycle.fiscal_year(datetime.now(UTC).year)
        programme.open_cycle(cycle, actor="admin")
        self.store.save(programme)
        return cycle.key

    def decisions_of(self, subject_id: uuid.UUID) -> list[Decision]:
        found = [self.proposals.get(i) for i in self.proposals.of_subject(subject_id)]
        return [d for d in found if d is not None]


@dataclass(frozen=True)
class _Catalogue:
    programmes: Callable[[], list[Programme]]


def enrolled(beneficiary_id: uuid.UUID, *categories: str) -> BeneficiaryEnrolledV2:
    return BeneficiaryEnrolledV2(
        beneficiary_id=beneficiary_id,
        province_code="KHN",
        commune_code=None,
        sex=None,
        categories=list(categories),
    )


def flood_impact(household_id: uuid.UUID, province: str) -> HouseholdDisasterImpactRecordedV1:
    return HouseholdDisasterImpactRecordedV1(
        household_id=household_id,
        province_code=province,
        disaster=FLOODS_2026_02,
        evacuated=True,
        damage="destroyed",
    )


def relief_claim(
    household_id: uuid.UUID, province: str, *, claimant_id: uuid.UUID | None = None
) -> ReliefClaimedV1:
    """The one claim intake publishes per household and disaster, however often it was sent."""
    return ReliefClaimedV1(
        claim_id=uuid.uuid5(uuid.NAMESPACE_URL, f"taawun:claim:{household_id}:{FLOODS_2026_02}"),
        household_id=household_id,
        claimant_id=claimant_id or uuid.uuid4(),
        disaster=FLOODS_2026_02,
        province_code=province,
        channel="sms",
        claimed_at=datetime.now(UTC),
    )
