"""Concurrent single enrolments share transactions, and each caller still gets its own answer."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from services.intake.application import AlreadyEnrolled, Intake, Submission
from services.intake.application.group_commit import EnrolmentGroupCommit
from services.intake.bootstrap import build_intake_use_cases
from shared.eventstore import eventstore_env
from shared.rules import BusinessRuleBroken
from tests.infra import postgres_database, require_infra
from tests.integration.test_racing_replicas import person


@contextmanager
def intake(kind: str, tmp_path: Path) -> Iterator[Intake]:
    if kind == "postgres":
        require_infra()
        with postgres_database("group") as url:
            app = build_intake_use_cases({**eventstore_env(url), "LOOKUP_SECRET": "g"})
            yield app
            app.store.close()
    else:
        url = f"sqlite:///{tmp_path}/intake.sqlite"
        app = build_intake_use_cases({**eventstore_env(url), "LOOKUP_SECRET": "g"})
        yield app
        app.store.close()


class CountingBatches:
    """Wraps the application to see how enrolments were grouped."""

    def __init__(self, app: Intake) -> None:
        self.app = app
        self.batches: list[int] = []
        self.gate = threading.Event()

    def check_residence(self, province_code: str, commune_code: str) -> None:
        self.app.beneficiaries.check_residence(province_code, commune_code)

    def enrol_submissions(self, submissions: list[Submission]) -> list[Any]:
        self.gate.wait(timeout=5)  # let callers pile up, as under load
        self.batches.append(len(submissions))
        return self.app.beneficiaries.enrol_submissions(submissions)


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_concurrent_enrolments_share_transactions(kind: str, tmp_path: Path) -> None:
    with intake(kind, tmp_path) as app:
        counting = CountingBatches(app)
        group = EnrolmentGroupCommit(counting)  # type: ignore[arg-type]
        people = [person(i) for i in range(40)] + [person(7)]  # the last is a repeat

        async def enrol(i: int) -> UUID | AlreadyEnrolled:
            try:
                return await group.enrol(people[i], actor=f"caseworker-{i % 3}")
            except AlreadyEnrolled as e:
                return e

        async def all_at_once() -> list[UUID | AlreadyEnrolled]:
            asyncio.get_running_loop().call_later(0.3, counting.gate.set)  # let them pile up
            return await asyncio.gather(*(enrol(i) for i in range(len(people))))

        outcomes = asyncio.run(all_at_once())

        created = [o for o in outcomes if isinstance(o, UUID)]
        refused = [o for o in outcomes if isinstance(o, AlreadyEnrolled)]
        assert len(created) == 40 and len(set(created)) == 40
        assert len(refused) == 1 and refused[0].existing_id in created
        assert refused[0].existing_id == outcomes[7]
        assert sum(counting.batches) == len(people)
        assert len(counting.batches) < len(people)  # they were grouped
        # Each record keeps who enrolled it, though several caseworkers shared a transaction.
        who = {app.store.history(i)[0].who for i in created}
        assert who == {f"caseworker-{n}" for n in range(3)}


def test_a_broken_rule_is_the_callers_alone(tmp_path: Path) -> None:
    with intake("sqlite", tmp_path) as app:
        group = EnrolmentGroupCommit(app.beneficiaries)
        bad = person(1)
        object.__setattr__(bad, "commune_code", "KHN-001")  # not in the enrolment's province
        with pytest.raises(BusinessRuleBroken):
            asyncio.run(group.enrol(bad, actor="cw"))
        assert isinstance(asyncio.run(group.enrol(person(2), actor="cw")), UUID)
