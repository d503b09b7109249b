"""A projection whose code moved to a new version: the live consumer leaves it as it was, its
reports say a replay must build it, and a rebuild from the topics builds it beside the old
one and switches to it (the topics here are a list: the Kafka path has its own test)."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import UTC, datetime

import pytest

from services.reporting.application import Projector, Reports
from services.reporting.application.projection_ports import Place
from services.reporting.application.projections import beneficiaries, decisions
from services.reporting.application.projections.catalogue import REPORTS
from services.reporting.application.replay import Progress, Rebuild
from services.reporting.persistence.report_queries import ProjectionNotLive, SqlReportQueries
from shared.contracts import default_registry
from shared.contracts.envelope import Envelope
from shared.contracts.intake import BeneficiaryEnrolledV2
from shared.messaging.records import Record
from tests.integration.reporting.projected import Projected

T0 = datetime(2021, 3, 1, 9, 0, tzinfo=UTC)
TOPIC = "intake.beneficiaries"


class ListHistory:
    def __init__(self, records: list[Record]) -> None:
        self.records = records
        self.read_to = 0

    async def ends(self) -> dict[Place, int]:
        return {(TOPIC, 0): len(self.records)}

    async def read(self, until: Mapping[Place, int]) -> AsyncIterator[Sequence[Record]]:
        end = until.get((TOPIC, 0), 0)
        if self.read_to < end:
            yield self.records[self.read_to : end]
            self.read_to = end


def enrolment(position: int) -> Record:
    payload = BeneficiaryEnrolledV2(
        beneficiary_id=uuid.uuid4(), province_code="KHN", commune_code=None, sex=None,
        categories=["disability"],
    )  # fmt: skip
    raw = Envelope.encode_fields(
        payload, origin="intake", position=position, aggregate_id=uuid.uuid4(),
        aggregate_version=1, occurred_at=T0, actor="caseworker", reason=None,
    )  # fmt: skip
    return Record(TOPIC, 0, position - 1, None, raw)


async def test_a_new_version_waits_for_a_rebuild_then_serves(reporting: Projected) -> None:
    records = [enrolment(p) for p in range(1, 6)]
    events = [default_registry().decode(r.value or b"") for r in records]
    reporting.receive(TOPIC, *events[:3])

    v2 = dataclasses.replace(beneficiaries.PROJECTION, version=2)
    projections = [v2, decisions.PROJECTION]
    projector = Projector(projections, reporting.store)
    reports = Reports(REPORTS, SqlReportQueries(reporting.engine, reporting.store, projections))
    old = Reports(
        REPORTS, SqlReportQueries(reporting.engine, reporting.store, [beneficiaries.PROJECTION])
    )
    with reporting.store.transaction() as session:
        assert [g.projection for g in projector.live(session)] == ["decisions"]
    with pytest.raises(ProjectionNotLive, match="taawun replay beneficiaries"):
        reports.answer("beneficiaries", as_of=None, filters={}, provinces=["*"])

    rebuild = Rebuild(projector, reporting.store, ListHistory(records), default_registry())
    [generation] = rebuild.generations(["beneficiaries"])
    assert (generation.version, generation.number) == (2, 2)
    seen: list[str] = []

    def switch(session: object, generations: Sequence[object], built: Progress) -> None:
        # Before the switch the old version still answers: three people.
        rows = old.answer("beneficiaries", as_of=None, filters={}, provinces=["*"]).rows
        seen.append(f"old {rows[0]['beneficiaries']}")
        reporting.store.switch(session, generation, built.done)

    built = await rebuild.build([generation], switch, lambda p: seen.append(p.phase))

    assert built.done == 5 and built.skipped == 0
    rows = reports.answer("beneficiaries", as_of=None, filters={}, provinces=["*"]).rows
    assert rows == [{"province_code": "KHN", "category": "disability", "status": "enrolled",
                     "beneficiaries": 5}]  # fmt: skip
    assert "old 3" in seen and seen[-1] == "done"
    with reporting.store.transaction() as session:
        assert sorted(g.projection for g in projector.live(session)) == [
            "beneficiaries",
            "decisions",
        ]
