"""Wires reporting: the projections' store, the projector behind the consumer of intake's and
grants' topics, the reports and the HTTP app. The one place that knows which adapter serves
which port."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import httpx
from sqlalchemy.engine import Engine

from services.reporting.application import CountsReport, Projector, Reports
from services.reporting.application.projections.catalogue import PROJECTIONS, REPORTS
from services.reporting.application.replay import Rebuild
from services.reporting.interfaces.consumers import projector_effects
from services.reporting.interfaces.dashboard import dashboard_router
from services.reporting.interfaces.http import router
from services.reporting.interfaces.names_http import router as names_router
from services.reporting.interfaces.projections_http import router as projections_router
from services.reporting.interfaces.reports_http import router as reports_router
from services.reporting.interfaces.topics_from_start import KafkaTopicHistory
from services.reporting.persistence.projection_store import SqlProjectionStore
from services.reporting.persistence.report_queries import SqlReportQueries
from services.reporting.persistence.sql import SessionUnitOfWork, SqlTallies, read_model_engine
from shared.auth import TokenIssuer
from shared.config import Settings
from shared.contracts import default_registry
from shared.http.app import create_app, database_ready
from shared.messaging.inbox import Inbox
from shared.messaging.records import Transport
from shared.messaging.subscribing import subscribe_consumer
from shared.runtime import ServiceRuntime
from shared.schema import schema_lock


def build_reporting(
    settings: Settings, transport: Transport, token_issuer: TokenIssuer
) -> ServiceRuntime:
    url = settings.database_url_for("reporting")
    engine = read_model_engine(url)
    # Tables are made under the schema lock the caller holds (taawun/wiring.py).
    store = SqlProjectionStore(engine)
    store.ensure_live(PROJECTIONS)
    inbox = Inbox("reporting", engine, SessionUnitOfWork(engine).transaction)
    projector = Projector(PROJECTIONS, store)
    effects, batches = projector_effects(projector)
    consumer = subscribe_consumer(
        transport,
        name="reporting",
        topics=projector.topics(),
        effects=effects,
        batch_effects=batches,
        inbox=inbox,
        runs_only=True,
        chunk=500,
    )

    http = create_app(
        title="Taawun reporting",
        description="Projections of intake's and grants' streams, as of any moment, for the "
        "delegations, the board and the auditors.",
        token_issuer=token_issuer,
        routers=[
            router,
            projections_router,
            names_router,
            dashboard_router(settings.node_modules),
            reports_router,  # /reports/{report} last
        ],
        ready=database_ready(engine),
    )
    http.state.engine = engine
    http.state.intake_client = httpx.AsyncClient(base_url=settings.intake_url, timeout=10.0)
    http.state.store = store
    http.state.projector = projector
    http.state.counts = CountsReport(SqlTallies(engine, store))
    http.state.reports = Reports(REPORTS, SqlReportQueries(engine, store, PROJECTIONS))
    return ServiceRuntime(
        name="reporting",
        http=http,
        transport=transport,
        topics=["reporting.dlq", *projector.topics()],
        consumers=[consumer],
    )


def build_rebuild(settings: Settings, names: Sequence[str]) -> Rebuilding:
    """What `taawun replay` and `taawun audit check` use: the live database's store and a
    reader of the projections' topics from offset 0."""
    unknown = sorted(set(names) - {p.name for p in PROJECTIONS})
    if unknown:
        known = ", ".join(p.name for p in PROJECTIONS)
        raise ValueError(f"no projection {', '.join(unknown)}; there are {known}")
    url = settings.database_url_for("reporting")
    engine = read_model_engine(url)
    with schema_lock(url):  # the services may be starting too
        store = SqlProjectionStore(engine)
        store.ensure_live(PROJECTIONS)
    projector = Projector(PROJECTIONS, store)
    chosen = [p for p in PROJECTIONS if not names or p.name in names]
    topics = sorted({t for p in chosen for t in p.topics})
    history = KafkaTopicHistory(settings.kafka_bootstrap, topics, settings.kafka_namespace)
    rebuild = Rebuild(projector, store, history, default_registry())
    return Rebuilding(rebuild, store, projector, history, [p.name for p in chosen], engine)


@dataclass(frozen=True)
class Rebuilding:
    rebuild: Rebuild
    store: SqlProjectionStore
    projector: Projector
    history: KafkaTopicHistory
    names: list[str]
    engine: Engine
