"""The bulk import prepares rows in worker processes and writes them without aggregates: what
becomes of each row, and what is stored, must be what the one-process path and the
single-enrolment path (`enrol_many`, through the `Beneficiary` aggregate) give."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from services.intake.application import Intake
from services.intake.application.imports import beneficiary_import, parallel
from services.intake.application.imports.beneficiary_rows import parse_rows, validate_row
from services.intake.bootstrap import build_intake_use_cases, event_store_of
from services.intake.persistence.vault import person_keys
from shared.eventstore import engine_of, eventstore_env
from tests.integration.imports.conftest import csv_of, row


def _app(path: Path, name: str) -> Intake:
    env = eventstore_env(f"sqlite:///{path}/{name}.sqlite") | {"LOOKUP_SECRET": "s"}
    return build_intake_use_cases(env)


def census() -> str:
    """2,600 rows over three batches: repeats of people from earlier batches, people alike
    (same name, birth date and commune, other CIN) across batches, consents, bad rows."""
    rows = []
    for i in range(2_600):
        if i % 7 == 3:
            rows.append(row(f"BK6{i // 3:05d}"))  # someone from earlier in the file
        elif i % 50 == 0:
            rows.append(row(f"BK6{i:05d}", name_ar="عائشة العلوي"))  # all alike each other
        elif i % 97 == 0:
            rows.append(row(f"BK6{i:05d}", commune_code="LAR-999"))  # rejected
        else:
            rows.append(row(f"BK6{i:05d}", name_ar=f"مريم {i}"))
    return csv_of(*rows).decode()


def _outcomes(app: Intake, text: str, workers: int) -> dict[str, Any]:
    app.beneficiary_import.import_workers = workers
    report = app.beneficiary_import.import_beneficiaries(text, actor="cw")
    return {"accepted": report.accepted, "duplicates": report.duplicates,
            "rejected": report.rejected}  # fmt: skip


def _events(app: Intake) -> list[tuple[str, int, dict[str, Any]]]:
    out = []
    for n in app.store.recorder.select_notifications(start=1, limit=100_000):
        state = json.loads(n.state)
        for moment in ("timestamp", "sealed_personal", "other_id"):
            state.pop(moment, None)  # new for every enrolment
        state.pop("reason", None) if n.topic.endswith("Enrolled") else None
        out.append((n.topic, n.originator_version, state))
    return out


def test_worker_processes_answer_every_row_as_one_process_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "PREPARE_WHILE_STARTING", False)  # all batches in workers
    text = census()
    one, two = _app(tmp_path, "one"), _app(tmp_path, "two")
    try:
        alone, pooled = _outcomes(one, text, 1), _outcomes(two, text, 2)
        assert len(pooled["accepted"]) > 2_000 and len(pooled["duplicates"]) > 200
        first_row = {i: n for n, i in alone["accepted"] + pooled["accepted"]}
        # Same rows accepted, rejected with the same reasons, duplicates of the same rows.
        assert [n for n, _ in pooled["accepted"]] == [n for n, _ in alone["accepted"]]
        assert pooled["rejected"] == alone["rejected"]
        assert [(n, first_row[i]) for n, i in pooled["duplicates"]] == [
            (n, first_row[i]) for n, i in alone["duplicates"]
        ]
        assert _events(one) == _events(two)
        flagged = [e for e in _events(two) if e[0].endswith("PossibleDuplicateFlagged")]
        assert len(flagged) > 50  # alike people across batches were flagged
        # Each person's data opens with their own key, bound to their id.
        some = [i for _, i in pooled["accepted"][::250]]
        for beneficiary_id in some:
            personal = two.views.read_beneficiary(beneficiary_id).personal
            assert personal is not None
            assert personal.cin and personal.cin.startswith("BK6")
        with engine_of(event_store_of(two)).connect() as conn:
            keys = conn.execute(person_keys.select()).all()
        assert len(keys) == len(pooled["accepted"])
        # The same file again creates nothing new.
        recorded = two.store.recorder.max_notification_id()
        again = _outcomes(two, text, 2)
        assert again["accepted"] == [] and two.store.recorder.max_notification_id() == recorded
    finally:
        one.store.close()
        two.store.close()


def test_the_import_stores_what_single_enrolments_store(tmp_path: Path) -> None:
    text = census()
    imported, enrolled = _app(tmp_path, "imported"), _app(tmp_path, "enrolled")
    try:
        report = _outcomes(imported, text, 1)
        today = __import__("datetime").date.today()
        valid = []
        for _, cells in parse_rows(text):
            try:
                valid.append(validate_row(cells, enrolled.reference.territory(), today))  # type: ignore[arg-type]
            except ValueError:
                continue
        outcomes = enrolled.beneficiaries.enrol_many(valid, actor="cw")
        assert len([o for o in outcomes if isinstance(o, UUID)]) == len(report["accepted"])
        assert _events(imported) == _events(enrolled)
    finally:
        imported.store.close()
        enrolled.store.close()


def _by_row(app: Intake, held: list[str], text: str) -> dict[str, Any]:
    """The outcomes of importing `text` after `held`, each id as the row that became it."""
    before = app.beneficiary_import.import_beneficiaries(csv_of(*held).decode(), actor="cw")
    outcomes = _outcomes(app, text, 2)
    row_of = {i: f"held {n}" for n, i in before.accepted}
    row_of |= {i: f"row {n}" for n, i in outcomes["accepted"]}
    for kind in ("accepted", "duplicates"):
        outcomes[kind] = [(n, row_of[i]) for n, i in outcomes[kind]]
    return outcomes


def test_rows_copied_cell_for_cell_answer_as_if_each_were_read_on_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Exact copies (of accepted rows, of rejected rows, of people already enrolled, in the
    same batch and in later ones) are settled from their first copy (repeats.py): the
    outcomes and the stored events must be those of preparing every row."""
    monkeypatch.setattr(parallel, "PREPARE_WHILE_STARTING", False)
    held = [row(f"BK7{i:05d}", name_ar=f"سعاد {i}") for i in range(20)]
    lines = census().splitlines()[1:]
    copies = [lines[i // 2] if i % 5 == 0 else lines[i] for i in range(len(lines))]
    copies += held[::2] + [lines[96], lines[97]] * 3
    text = csv_of(*copies).decode()
    marked, unmarked = _app(tmp_path, "marked"), _app(tmp_path, "unmarked")
    try:
        with_repeats = _by_row(marked, held, text)
        monkeypatch.setattr(beneficiary_import, "mark_repeats", lambda rows: rows)
        without = _by_row(unmarked, held, text)
        assert with_repeats == without
        assert len(with_repeats["duplicates"]) > 400 and len(with_repeats["rejected"]) > 20
        assert _events(marked) == _events(unmarked)
    finally:
        marked.store.close()
        unmarked.store.close()
