"""Reporting's projections on a real database (SQLite or PostgreSQL), fed events as the
consumer hands them over: in runs, inside the inbox's transaction."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from services.reporting.application import Delivered, Projector, Reports
from services.reporting.application.projections.catalogue import PROJECTIONS, REPORTS
from services.reporting.persistence.projection_store import SqlProjectionStore
from services.reporting.persistence.report_queries import SqlReportQueries
from services.reporting.persistence.sql import SessionUnitOfWork, read_model_engine
from shared.contracts import DecodedEvent, default_registry
from shared.contracts.base import Contract
from shared.contracts.envelope import Envelope
from shared.contracts.registry import ContractRegistry
from tests.infra import postgres_database, require_infra

_positions = itertools.count(1)
_registry: ContractRegistry = default_registry()


def event_at(
    payload: Contract, at: datetime, *, origin: str = "intake", position: int | None = None
) -> DecodedEvent:
    """The envelope's reason is the payload's, as grants' relay sends it."""
    raw = Envelope.encode_fields(
        payload,
        origin=origin,
        position=next(_positions) if position is None else position,
        aggregate_id=uuid.uuid4(),
        aggregate_version=1,
        occurred_at=at,
        actor="caseworker-khenifra",
        reason=getattr(payload, "reason", None),
    )
    return _registry.decode(raw)


@dataclass
class Projected:
    engine: Engine
    store: SqlProjectionStore
    projector: Projector
    reports: Reports
    offsets: dict[tuple[str, int], int] = field(default_factory=dict)

    def receive(self, topic: str, *events: DecodedEvent, partition: int = 0) -> int:
        """The events in one run, in one transaction; how many were applied."""
        delivered = []
        for e in events:
            offset = self.offsets.get((topic, partition), 0)
            self.offsets[(topic, partition)] = offset + 1
            delivered.append(Delivered(e, topic, partition, offset))
        with SessionUnitOfWork(self.engine).transaction() as session:
            return self.projector.apply(session, delivered)

    def rows(
        self, report: str, *, as_of: datetime | None = None, provinces: Collection[str] = ("*",),
        **filters: str,
    ) -> list[dict[str, Any]]:  # fmt: skip
        answer = self.reports.answer(report, as_of=as_of, filters=filters, provinces=provinces)
        return answer.rows


def projected(url: str) -> Projected:
    engine = read_model_engine(url)
    store = SqlProjectionStore(engine)
    store.ensure_live(PROJECTIONS)
    return Projected(
        engine,
        store,
        Projector(PROJECTIONS, store),
        Reports(REPORTS, SqlReportQueries(engine, store, PROJECTIONS)),
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def reporting(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Projected]:
    if request.param == "sqlite":
        p = projected(f"sqlite:///{tmp_path / 'reporting.db'}")
    else:
        require_infra()
        with postgres_database("reporting") as url:
            p = projected(url)
            yield p
            p.engine.dispose()
            return
    yield p
    p.engine.dispose()
