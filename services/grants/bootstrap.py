"""Wires grants: the event store's adapters, the use cases, the consumer of intake's events,
the relay and the HTTP app. The one place that knows which adapter serves which port."""

from __future__ import annotations

from services.grants.application import EligibilityReviews, EnvelopeLedger
from services.grants.application.intake_facts import FactsFromIntake
from services.grants.application.proposal_reads import ProposalReads
from services.grants.application.proposals import SYSTEM, ProposalsFromIntake
from services.grants.interfaces.consumers import effects
from services.grants.interfaces.envelope_http import router as envelope_router
from services.grants.interfaces.http import router
from services.grants.interfaces.intake_consumers import combined, intake_effects
from services.grants.interfaces.proposal_http import router as proposal_router
from services.grants.interfaces.publishing import PUBLISHING
from services.grants.persistence.envelopes import EventSourcedEnvelopes
from services.grants.persistence.event_store import (
    EventSourcedReviews,
    EventStoreUnitOfWork,
    grants_event_store,
)
from services.grants.persistence.intake_facts import SqlIntakeFacts
from services.grants.persistence.proposals import (
    EventSourcedProgrammes,
    EventSourcedProposals,
    SqlSubjectIndex,
    ship_reference_programmes,
)
from shared.auth import TokenIssuer
from shared.config import Settings
from shared.contracts.grants import REVIEWS_TOPIC
from shared.contracts.intake import BENEFICIARIES_TOPIC
from shared.contracts.intake_households import HOUSEHOLDS_TOPIC
from shared.contracts.intake_organisations import ASSOCIATIONS_TOPIC, INSTITUTIONS_TOPIC
from shared.eventstore import engine_of
from shared.http.app import create_app, service_ready
from shared.messaging.consumer import subscribe_consumer
from shared.messaging.inbox import Inbox
from shared.messaging.positions import RelayPositions
from shared.messaging.records import Transport
from shared.messaging.relay import relay_for
from shared.messaging.relay_watch import RelayWatch
from shared.runtime import ServiceRuntime

TOPICS = [REVIEWS_TOPIC, "grants.dlq", BENEFICIARIES_TOPIC]
# Intake's topics grants keeps facts from (g-intake).
INTAKE_TOPICS = [BENEFICIARIES_TOPIC, HOUSEHOLDS_TOPIC, INSTITUTIONS_TOPIC, ASSOCIATIONS_TOPIC]
TOPICS += [t for t in INTAKE_TOPICS if t not in TOPICS]


def build_grants(
    settings: Settings,
    transport: Transport,
    token_issuer: TokenIssuer,
    positions: RelayPositions | None = None,
) -> ServiceRuntime:
    store = grants_event_store(settings.database_url_for("grants"))
    engine = engine_of(store)
    reviews = EligibilityReviews(EventSourcedReviews(store))
    envelopes = EnvelopeLedger(EventSourcedEnvelopes(store))
    ship_reference_programmes(store, actor=SYSTEM)
    proposals = EventSourcedProposals(store, SqlSubjectIndex(store))
    facts = FactsFromIntake(
        SqlIntakeFacts(store),
        ProposalsFromIntake(EventSourcedProgrammes(store), proposals, envelopes),
    )
    # The inbox opens the event store's transaction: a review's events and the inbox row
    # commit together.
    inbox = Inbox("grants", engine, EventStoreUnitOfWork(store).transaction)
    consumer = subscribe_consumer(
        transport,
        name="grants",
        topics=INTAKE_TOPICS,
        effects=combined(effects(reviews), intake_effects(facts)),
        inbox=inbox,
    )
    relay = relay_for(store, PUBLISHING, transport, settings, positions)
    http = create_app(
        title="Taawun grants",
        description="Programmes, eligibility reviews, decisions and disbursements.",
        token_issuer=token_issuer,
        routers=[router, envelope_router, proposal_router],
        ready=service_ready(engine, RelayWatch(relay)),
    )
    http.state.grants = store
    http.state.reviews = reviews
    http.state.envelopes = envelopes
    http.state.proposals = proposals
    http.state.proposal_reads = ProposalReads(proposals)
    return ServiceRuntime(
        name="grants",
        http=http,
        transport=transport,
        topics=TOPICS,
        relay=relay,
        consumers=[consumer],
    )
