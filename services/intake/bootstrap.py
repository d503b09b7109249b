"""Wires intake: the event store's adapters, the use cases around them, the relay and the
HTTP app. The one place that knows which adapter serves which port."""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import Request
from fastapi.responses import JSONResponse

from services.intake.application import AlreadyEnrolled, Intake, PersonalDataErased
from services.intake.application.beneficiaries import BeneficiaryEnrolment
from services.intake.application.beneficiary_changes import BeneficiaryChanges
from services.intake.application.beneficiary_duplicates import DuplicateDecisions
from services.intake.application.beneficiary_views import BeneficiaryViews
from services.intake.application.claim_group_commit import ClaimGroupCommit
from services.intake.application.claim_records import ClaimMessages
from services.intake.application.group_commit import EnrolmentGroupCommit
from services.intake.application.household_census import HouseholdCensus
from services.intake.application.household_views import HouseholdViews
from services.intake.application.households import Households
from services.intake.application.imports.beneficiary_import import BeneficiaryImport
from services.intake.application.imports.dispatch import Imports
from services.intake.application.imports.household_import import HouseholdImport
from services.intake.application.organisations import Organisations
from services.intake.application.ports import (
    BeneficiaryIndex,
    HouseholdIndex,
    ImportJobs,
    KeyVault,
    OrganisationIndex,
    Registers,
    UnitOfWork,
)
from services.intake.application.reference import ReferenceData
from services.intake.application.relief_claim_batches import ClaimBatches
from services.intake.application.relief_claims import ReliefClaims
from services.intake.application.sealing import Sealing
from services.intake.interfaces.http import ROUTERS
from services.intake.interfaces.publishing import to_integration_event
from services.intake.persistence import beneficiary_index, household_index, vault
from services.intake.persistence.claim_messages import ClaimMessages as SqlClaimMessages
from services.intake.persistence.event_store import IntakeEventStore
from services.intake.persistence.job_store import ImportJobs as SqlImportJobs
from services.intake.persistence.memory import InMemoryHouseholdIndex, InMemoryRecords
from services.intake.persistence.memory_claims import InMemoryClaimMessages
from services.intake.persistence.memory_jobs import InMemoryImportJobs
from services.intake.persistence.memory_register import InMemoryRegisters
from services.intake.persistence.organisation_index import OrganisationIndex as SqlOrganisations
from services.intake.persistence.register import SqlRegisters
from services.intake.persistence.unit_of_work import SqlUnitOfWork
from shared.auth import TokenIssuer
from shared.config import Settings
from shared.contracts.intake import BENEFICIARIES_TOPIC
from shared.contracts.intake_claims import CLAIMS_TOPIC
from shared.contracts.intake_households import HOUSEHOLDS_TOPIC
from shared.contracts.intake_organisations import ASSOCIATIONS_TOPIC, INSTITUTIONS_TOPIC
from shared.eventstore import engine_of, eventstore_env
from shared.http.app import create_app, service_ready
from shared.messaging.positions import RelayPositions
from shared.messaging.records import Transport
from shared.messaging.relay import relay_for
from shared.messaging.relay_watch import RelayWatch
from shared.runtime import ServiceRuntime

TOPICS = [
    BENEFICIARIES_TOPIC,
    HOUSEHOLDS_TOPIC,
    CLAIMS_TOPIC,
    INSTITUTIONS_TOPIC,
    ASSOCIATIONS_TOPIC,
    "intake.dlq",
]


def build_intake(
    settings: Settings,
    transport: Transport,
    token_issuer: TokenIssuer,
    positions: RelayPositions | None = None,
) -> ServiceRuntime:
    key = settings.intake_cipher_key.get_secret_value() if settings.intake_cipher_key else None
    env = eventstore_env(settings.database_url_for("intake"), key)
    env["LOOKUP_SECRET"] = settings.intake_lookup_secret.get_secret_value()
    intake = build_intake_use_cases(env)
    store = event_store_of(intake)
    relay = relay_for(store, to_integration_event, transport, settings, positions)
    http = create_app(
        title="Taawun intake",
        description="Caseworkers enrol beneficiaries; every enrolment is an event.",
        token_issuer=token_issuer,
        routers=ROUTERS,
        ready=service_ready(engine_of(store), RelayWatch(relay)),
    )
    http.add_exception_handler(AlreadyEnrolled, _already_enrolled)
    http.add_exception_handler(PersonalDataErased, _erased)
    http.state.intake = intake
    http.state.sms_gateway_secret = settings.intake_sms_gateway_secret.get_secret_value()
    http.state.enrolments = EnrolmentGroupCommit(intake.beneficiaries)
    http.state.claim_commit = ClaimGroupCommit(intake.claim_batches)
    http.state.relay = relay
    return ServiceRuntime(name="intake", http=http, transport=transport, topics=TOPICS, relay=relay)


IN_MEMORY = "eventsourcing.popo"


def build_intake_use_cases(env: Mapping[str, str]) -> Intake:
    """Intake over the event store `env` describes (`eventstore_env(url)` plus LOOKUP_SECRET;
    `PERSISTENCE_MODULE=eventsourcing.popo` for everything in memory)."""
    store = IntakeEventStore(env=dict(env))
    secret = env.get("LOOKUP_SECRET")
    if env.get("PERSISTENCE_MODULE") == IN_MEMORY:
        records = InMemoryRecords(store)
        return compose(
            store,
            secret,
            registers=InMemoryRegisters(store, records),
            records=records,
            keys=records,
            beneficiaries=records,
            households=InMemoryHouseholdIndex(records),
            organisations=records,
            jobs=InMemoryImportJobs(),
            messages=InMemoryClaimMessages(records),
        )
    engine = engine_of(store)
    keys = vault.KeyVault(engine)
    beneficiaries = beneficiary_index.BeneficiaryIndex(engine)
    households = household_index.HouseholdIndex(engine)
    return compose(
        store,
        secret,
        registers=SqlRegisters(store, beneficiaries),
        records=SqlUnitOfWork(store, keys, beneficiaries, households),
        keys=keys,
        beneficiaries=beneficiaries,
        households=households,
        organisations=SqlOrganisations(engine),
        jobs=SqlImportJobs(engine),
        messages=SqlClaimMessages(engine),
    )


def event_store_of(intake: Intake) -> IntakeEventStore:
    """The eventsourcing application under `intake` (for the relay, benches and tests)."""
    store = intake.store
    assert isinstance(store, IntakeEventStore)
    return store


def compose(
    store: IntakeEventStore,
    lookup_secret: str | None,
    *,
    registers: Registers,
    records: UnitOfWork,
    keys: KeyVault,
    beneficiaries: BeneficiaryIndex,
    households: HouseholdIndex,
    organisations: OrganisationIndex,
    jobs: ImportJobs,
    messages: ClaimMessages,
) -> Intake:
    """Each use case given the event store and the ports it needs."""
    sealing = Sealing(lookup_secret)
    reference = ReferenceData(store)
    views = BeneficiaryViews(store, sealing, keys, beneficiaries)
    household_changes = Households(store, reference, records)
    household_views = HouseholdViews(store, keys, households)
    beneficiary_import = BeneficiaryImport(store, reference, sealing, registers, jobs)
    household_import = HouseholdImport(
        store, records, household_changes, household_views, views, reference, jobs
    )
    ports = (store, sealing, records, keys, beneficiaries, households, messages)
    claims = ReliefClaims(*ports)
    return Intake(
        store=store,
        reference=reference,
        beneficiaries=BeneficiaryEnrolment(store, reference, sealing, registers),
        changes=BeneficiaryChanges(store, reference, sealing, records, beneficiaries),
        duplicates=DuplicateDecisions(store, records, beneficiaries),
        views=views,
        organisations=Organisations(store, reference, records, organisations),
        households=household_changes,
        household_views=household_views,
        beneficiary_import=beneficiary_import,
        household_import=household_import,
        imports=Imports(beneficiary_import, household_import, jobs),
        claims=claims,
        claim_batches=ClaimBatches(claims, *ports),
        census=HouseholdCensus(store, reference, records),
    )


async def _already_enrolled(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AlreadyEnrolled)
    return JSONResponse(
        {
            "error": "conflict",
            "detail": "this person is already enrolled",
            "existing_id": str(exc.existing_id),
        },
        status_code=409,
    )


async def _erased(_: Request, exc: Exception) -> JSONResponse:
    return JSONResponse(
        {"error": "conflict", "detail": "this person's personal data was erased"}, status_code=409
    )
