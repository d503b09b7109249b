"""Wires grants: the event store's adapters, the use cases, the consumer of intake's events,
the relay and the HTTP app. The one place that knows which adapter serves which port."""

from __future__ import annotations

from services.grants.application import EnvelopeLedger
from services.grants.application.applications import GrantApplications
from services.grants.application.decisions import Decisions
from services.grants.application.disbursements import Agency, Disbursements
from services.grants.application.facts_in_bulk import FactsInBulkFromIntake
from services.grants.application.intake_facts import FactsFromIntake
from services.grants.application.list_payments import ListPayments
from services.grants.application.order_reads import OrderReads
from services.grants.application.payment_lists import PaymentLists
from services.grants.application.programmes import ProgrammeCatalogue
from services.grants.application.proposal_reads import ProposalReads
from services.grants.application.proposals_in_bulk import ProposalsInBulkFromIntake
from services.grants.application.referrals import Referrals
from services.grants.application.statements import Statements
from services.grants.domain.decision import Decision
from services.grants.domain.grant_application import Application
from services.grants.domain.payment_list import PaymentList
from services.grants.domain.programme import Programme
from services.grants.interfaces.application_http import router as application_router
from services.grants.interfaces.decision_http import router as decision_router
from services.grants.interfaces.envelope_http import router as envelope_router
from services.grants.interfaces.intake_batches import intake_batches
from services.grants.interfaces.intake_consumers import intake_effects
from services.grants.interfaces.order_http import router as order_router
from services.grants.interfaces.paying_http import router as paying_router
from services.grants.interfaces.payment_list_http import router as payment_list_router
from services.grants.interfaces.programme_http import router as programme_router
from services.grants.interfaces.proposal_http import router as proposal_router
from services.grants.interfaces.publishing import publishing_for
from services.grants.interfaces.referral_http import router as referral_router
from services.grants.persistence.disbursement_records import (
    DEMO_AGENCY_ACCOUNT,
    DEMO_AGENCY_NAME,
    CashNetworkPayees,
    EventSourcedDisbursementRecords,
)
from services.grants.persistence.envelopes import EventSourcedEnvelopes
from services.grants.persistence.event_store import (
    EventStoreUnitOfWork,
    grants_event_store,
)
from services.grants.persistence.intake_facts_bulk import SqlIntakeFactsInBulk
from services.grants.persistence.proposals import (
    EventSourcedProgrammes,
    EventSourcedProposals,
    SqlSubjectIndex,
)
from services.grants.persistence.record_index_rebuild import rebuild_record_indexes
from services.grants.persistence.records import EventSourcedRecords, EventStoreSaves
from services.grants.persistence.simulated_provider import (
    SimulatedBehaviour,
    SimulatedPaymentProvider,
)
from services.grants.persistence.territory import ShippedProvinces
from shared.auth import TokenIssuer
from shared.config import Settings
from shared.contracts.grants_decisions import DECISIONS_TOPIC
from shared.contracts.grants_envelopes import ENVELOPES_TOPIC
from shared.contracts.grants_orders import ORDERS_TOPIC
from shared.contracts.grants_payment_lists import PAYMENT_LISTS_TOPIC
from shared.contracts.grants_programmes import PROGRAMMES_TOPIC
from shared.contracts.intake import BENEFICIARIES_TOPIC
from shared.contracts.intake_claims import CLAIMS_TOPIC
from shared.contracts.intake_households import HOUSEHOLDS_TOPIC
from shared.contracts.intake_organisations import ASSOCIATIONS_TOPIC, INSTITUTIONS_TOPIC
from shared.eventstore import engine_of
from shared.http.app import create_app, service_ready
from shared.messaging.inbox import Inbox
from shared.messaging.positions import RelayPositions
from shared.messaging.records import Transport
from shared.messaging.relay import relay_for
from shared.messaging.relay_watch import RelayWatch
from shared.messaging.subscribing import subscribe_consumer
from shared.runtime import ServiceRuntime

TOPICS = ["grants.dlq", BENEFICIARIES_TOPIC]
TOPICS += [PROGRAMMES_TOPIC, DECISIONS_TOPIC, PAYMENT_LISTS_TOPIC, ORDERS_TOPIC, ENVELOPES_TOPIC]
# Intake's topics grants keeps facts from (g-intake; relief claims, issue 10).
INTAKE_TOPICS = [BENEFICIARIES_TOPIC, HOUSEHOLDS_TOPIC, CLAIMS_TOPIC]
INTAKE_TOPICS += [INSTITUTIONS_TOPIC, ASSOCIATIONS_TOPIC]
TOPICS += [t for t in INTAKE_TOPICS if t not in TOPICS]


def build_grants(
    settings: Settings,
    transport: Transport,
    token_issuer: TokenIssuer,
    positions: RelayPositions | None = None,
) -> ServiceRuntime:
    store = grants_event_store(settings.database_url_for("grants"))
    if store.indexes.created:  # a database whose events may predate the record indexes
        rebuild_record_indexes(store)
    engine = engine_of(store)
    envelopes = EnvelopeLedger(EventSourcedEnvelopes(store))
    saves = EventStoreSaves(store)
    programmes = ProgrammeCatalogue(EventSourcedRecords(store, Programme, Programme.Created), saves)
    programmes.seed_reference_programmes()
    decisions = Decisions(
        EventSourcedRecords(store, Decision, Decision.Proposed), saves, envelopes, store.indexes
    )
    # Applications are checked against the institutions and associations intake published.
    organisation_facts = SqlIntakeFactsInBulk(store)
    applications = GrantApplications(
        EventSourcedRecords(store, Application, Application.Submitted),
        saves,
        programmes,
        organisation_facts,
    )
    payment_lists = PaymentLists(
        EventSourcedRecords(store, PaymentList, PaymentList.DrawnUp),
        saves,
        programmes,
        decisions,
        envelopes,
        ShippedProvinces(),
        index=store.indexes,
    )
    proposals = EventSourcedProposals(store, SqlSubjectIndex(store))
    proposing = ProposalsInBulkFromIntake(EventSourcedProgrammes(store), proposals, envelopes)
    facts = FactsFromIntake(organisation_facts, proposing)
    # The inbox opens the event store's transaction: the facts, the proposals they lead to
    # and the inbox row commit together.
    inbox = Inbox("grants", engine, EventStoreUnitOfWork(store).transaction)
    consumer = subscribe_consumer(
        transport,
        name="grants",
        topics=INTAKE_TOPICS,
        effects=intake_effects(facts),
        inbox=inbox,
        # The surge's claims, impacts and enrolments applied a run at a time (issue 10).
        batch_effects=intake_batches(FactsInBulkFromIntake(organisation_facts, proposing)),
    )
    relay = relay_for(store, publishing_for(store), transport, settings, positions)
    http = create_app(
        title="Taawun grants",
        description="Programmes, decisions and disbursements.",
        token_issuer=token_issuer,
        routers=[
            envelope_router,
            programme_router,
            application_router,
            decision_router,
            payment_list_router,
            order_router,
            paying_router,
            proposal_router,
            referral_router,
        ],
        ready=service_ready(engine, RelayWatch(relay)),
    )
    http.state.grants = store
    http.state.envelopes = envelopes
    # What `wake_relay` finds: without it every command's events waited for the relay's next
    # poll (0.2 s): approvals reached reporting in 141 ms at p50 against intake's 31 ms
    # (bench/projection_lag.py).
    http.state.relay = relay
    # Orders leave through the simulated provider until a bank's file exchange is configured.
    records = EventSourcedDisbursementRecords(store)
    behaviour = SimulatedBehaviour(
        failure_rate=settings.simulated_failure_rate,
        through_files=settings.simulated_provider_files,
    )
    provider = SimulatedPaymentProvider(DEMO_AGENCY_ACCOUNT, behaviour)
    agency = Agency(DEMO_AGENCY_NAME, DEMO_AGENCY_ACCOUNT)
    disbursements = Disbursements(records, provider, CashNetworkPayees(), agency)
    statements = Statements(records, provider)
    http.state.disbursements = disbursements
    http.state.statements = statements
    http.state.list_payments = ListPayments(payment_lists, decisions, disbursements, statements)
    http.state.order_reads = OrderReads(records, store.indexes)
    http.state.programmes = programmes
    http.state.decisions = decisions
    http.state.applications = applications
    http.state.payment_lists = payment_lists
    http.state.organisation_facts = organisation_facts
    http.state.proposals = proposals
    http.state.proposal_reads = ProposalReads(proposals)
    http.state.referrals = Referrals(
        programmes, organisation_facts, proposals, EventStoreUnitOfWork(store)
    )
    return ServiceRuntime(
        name="grants",
        http=http,
        transport=transport,
        topics=TOPICS,
        relay=relay,
        consumers=[consumer],
    )
