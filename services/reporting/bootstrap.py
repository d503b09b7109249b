"""Wires reporting: the read model's adapters, the use cases, the consumer of intake's
beneficiaries and grants' decisions, and the HTTP app. The one place that knows which adapter
serves which port."""

from __future__ import annotations

from services.reporting.application import CountsReport, Projection, ProjectionInBulk
from services.reporting.interfaces.batches import batch_effects
from services.reporting.interfaces.consumers import effects
from services.reporting.interfaces.http import router
from services.reporting.persistence.sql import (
    SessionUnitOfWork,
    SqlTallies,
    read_model_engine,
)
from services.reporting.persistence.sql_bulk import SqlReadModelInBulk
from shared.auth import TokenIssuer
from shared.config import Settings
from shared.contracts.grants_decisions import DECISIONS_TOPIC
from shared.contracts.intake import BENEFICIARIES_TOPIC
from shared.http.app import create_app, database_ready
from shared.messaging.inbox import Inbox
from shared.messaging.records import Transport
from shared.messaging.subscribing import subscribe_consumer
from shared.runtime import ServiceRuntime


def build_reporting(
    settings: Settings, transport: Transport, token_issuer: TokenIssuer
) -> ServiceRuntime:
    engine = read_model_engine(settings.database_url_for("reporting"))
    unit_of_work = SessionUnitOfWork(engine)
    read_model = SqlReadModelInBulk(unit_of_work)
    projection = Projection(read_model)
    consumer = subscribe_consumer(
        transport,
        name="reporting",
        topics=[BENEFICIARIES_TOPIC, DECISIONS_TOPIC],
        effects=effects(projection),
        batch_effects=batch_effects(ProjectionInBulk(read_model)),
        inbox=Inbox("reporting", engine, unit_of_work.transaction),
    )

    http = create_app(
        title="Taawun reporting",
        description="Read models rebuilt from the event streams, for the board and auditors.",
        token_issuer=token_issuer,
        routers=[router],
        ready=database_ready(engine),
    )
    http.state.engine = engine
    http.state.counts = CountsReport(SqlTallies(engine))
    return ServiceRuntime(
        name="reporting",
        http=http,
        transport=transport,
        topics=["reporting.dlq", BENEFICIARIES_TOPIC, DECISIONS_TOPIC],
        consumers=[consumer],
    )
