"""The household import in memory: each batch in one transaction records what household by
household (its fallback) records, and a batch that loses a race falls back to it."""

from __future__ import annotations

from contextlib import AbstractContextManager

import pytest

from services.intake.application.ports import Changes
from services.intake.persistence.memory import InMemoryRecords
from tests.household_import_paths import (
    ACCEPTED,
    CENSUS,
    FLOODS,
    REJECTED,
    UNCHANGED,
    household_by_household,
    imported_twice,
    racing,
    ready,
    spouse_added_meanwhile,
)
from tests.unit.intake_memory import in_memory_intake


def test_a_batch_in_one_transaction_records_what_household_by_household_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    batched = imported_twice(in_memory_intake(), monkeypatch)
    (accepted, unchanged, rejected), again = batched[:2]
    assert [r for r, _ in accepted] == ACCEPTED and [r for r, _ in unchanged] == UNCHANGED
    assert [r for r, _ in rejected] == REJECTED
    assert again[0] == [] and [r for r, _ in again[1]] == sorted(ACCEPTED + UNCHANGED)
    with monkeypatch.context() as patched:
        household_by_household(patched)
        assert imported_twice(in_memory_intake(), patched) == batched


def test_a_batch_that_loses_a_race_is_recorded_household_by_household(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    intake = in_memory_intake()
    by_hand = ready(intake)
    racing(intake, monkeypatch, spouse_added_meanwhile(intake))
    report = intake.household_import.import_households(CENSUS, actor="cw-lar")
    assert [r for r, _ in report.accepted] == [r for r in ACCEPTED if r != 15]
    assert [r for r, _ in report.duplicates] == sorted([*UNCHANGED, 15])  # the rival's spouse
    assert [r for r, _ in report.rejected] == REJECTED
    household = intake.household_views.read_household(by_hand)
    assert sorted(m["relation"] for m in household.members) == ["child", "child", "head", "spouse"]
    assert household.disaster_impacts == [
        {"disaster": FLOODS, "evacuated": True, "damage": "destroyed"}
    ]
    assert intake.household_views.search_households(provinces=None)[1] == 4


def test_a_batch_is_written_in_one_transaction(monkeypatch: pytest.MonkeyPatch) -> None:
    intake = in_memory_intake()
    ready(intake)
    opened = []
    transaction = InMemoryRecords.transaction

    def counted(records: InMemoryRecords) -> AbstractContextManager[Changes]:
        opened.append(records)
        return transaction(records)

    monkeypatch.setattr(InMemoryRecords, "transaction", counted)
    report = intake.household_import.import_households(CENSUS, actor="cw-lar")
    assert [r for r, _ in report.accepted] == ACCEPTED and len(opened) == 1
