"""The household import on SQLite and PostgreSQL: each batch in one transaction records the
same outcomes, events, publications and index rows as household by household (its fallback),
and a batch that loses a race to another writer falls back to it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from services.intake.application import Intake
from services.intake.bootstrap import build_intake_use_cases
from shared.eventstore import eventstore_env
from tests.household_import_paths import (
    ACCEPTED,
    CENSUS,
    REJECTED,
    UNCHANGED,
    household_by_household,
    imported_twice,
    racing,
    ready,
    spouse_added_meanwhile,
)
from tests.infra import postgres_database, require_infra


@pytest.fixture(params=["sqlite", "postgresql"])
def databases(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[list[str]]:
    """Two fresh databases of one kind."""
    if request.param == "sqlite":
        yield [f"sqlite:///{tmp_path}/a.sqlite", f"sqlite:///{tmp_path}/b.sqlite"]
        return
    require_infra()
    with postgres_database("hh_paths") as first, postgres_database("hh_paths") as second:
        yield [first, second]


def _intake(url: str) -> Intake:
    return build_intake_use_cases(eventstore_env(url) | {"LOOKUP_SECRET": "test"})


def test_a_batch_in_one_transaction_records_what_household_by_household_does(
    databases: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    batched_intake, one_by_one_intake = (_intake(url) for url in databases)
    try:
        batched = imported_twice(batched_intake, monkeypatch)
        assert [r for r, _ in batched[0][0]] == ACCEPTED
        with monkeypatch.context() as patched:
            household_by_household(patched)
            assert imported_twice(one_by_one_intake, patched) == batched
    finally:
        batched_intake.store.close()
        one_by_one_intake.store.close()


def test_a_batch_that_loses_a_race_is_recorded_household_by_household(
    databases: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    intake = _intake(databases[0])
    try:
        by_hand = ready(intake)
        racing(intake, monkeypatch, spouse_added_meanwhile(intake))
        report = intake.household_import.import_households(CENSUS, actor="cw-lar")
        assert [r for r, _ in report.duplicates] == sorted([*UNCHANGED, 15])
        assert [r for r, _ in report.rejected] == REJECTED
        household = intake.household_views.read_household(by_hand)
        assert household.member_count == 4
        assert intake.household_views.search_households(provinces=None)[1] == 4
    finally:
        intake.store.close()
