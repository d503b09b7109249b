"""Two intake replicas on one PostgreSQL database enrolling the same people at the same time."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from services.intake.application import AlreadyEnrolled, Enrolment, Intake, Submission
from services.intake.bootstrap import build_intake_use_cases
from services.intake.domain.beneficiary import category_entry
from services.intake.domain.personal import PersonalData
from services.intake.domain.reference import Category, Sex
from services.intake.persistence import register_postgres
from shared.eventstore import eventstore_env
from tests.infra import postgres_database, require_infra

ROUNDS = 25


def person(i: int) -> Enrolment:
    return Enrolment(
        personal=PersonalData(
            name_ar="خديجة التازي", name_lat=None, cin=f"RC{i:05d}", civil_registry_ref=None,
            birth_date=date(1980, 1, 1), phone=None, address=None,
        ),
        sex=Sex.FEMALE,
        province_code="LAR",
        commune_code="LAR-001",
        categories=[category_entry(Category.DISASTER_AFFECTED, evidence="census",
                                   since=date(2026, 2, 10))],
    )  # fmt: skip


def test_racing_replicas_enrol_each_person_once() -> None:
    require_infra()
    with postgres_database("race") as url:
        env = {**eventstore_env(url), "LOOKUP_SECRET": "race-secret"}
        replicas = [build_intake_use_cases(env), build_intake_use_cases(env)]
        barrier = threading.Barrier(2)

        def attempt(replica: Intake, i: int) -> UUID | AlreadyEnrolled:
            barrier.wait()
            try:
                return replica.beneficiaries.enrol_beneficiary(person(i), actor="race")
            except AlreadyEnrolled as e:
                return e

        try:
            with ThreadPoolExecutor(max_workers=2) as pool:
                for i in range(ROUNDS):
                    a, b = pool.map(attempt, replicas, [i, i])
                    created = [x for x in (a, b) if isinstance(x, UUID)]
                    refused = [x for x in (a, b) if isinstance(x, AlreadyEnrolled)]
                    assert len(created) == 1 and len(refused) == 1, (a, b)
                    assert refused[0].existing_id == created[0]
            stored = replicas[0].store.recorder.select_notifications(start=1, limit=10 * ROUNDS)
            enrolled = [n for n in stored if n.topic.endswith("Beneficiary.Enrolled")]
            assert len(enrolled) == ROUNDS
        finally:
            for replica in replicas:
                replica.store.close()


def test_a_replica_that_looked_before_the_other_wrote_retries_and_answers_the_duplicate(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The race made certain: the first lookup is told nobody holds the identity, so the
    write (one message on PostgreSQL) hits the unique hash; the batch is looked up again."""
    require_infra()
    with postgres_database("race") as url:
        app = build_intake_use_cases({**eventstore_env(url), "LOOKUP_SECRET": "race-secret"})
        try:
            existing = app.beneficiaries.enrol_beneficiary(person(1), actor="race")
            real_lookup = register_postgres.ScriptedRegister.lookup
            calls: list[int] = []

            def stale_then_real(*args: Any) -> Any:
                calls.append(1)
                return ({}, {}) if len(calls) == 1 else real_lookup(*args)

            monkeypatch.setattr(register_postgres.ScriptedRegister, "lookup", stale_then_real)
            [outcome] = app.beneficiaries.enrol_submissions([Submission(person(1), "race")])
            assert isinstance(outcome, AlreadyEnrolled) and outcome.existing_id == existing
            assert len(calls) == 2
            stored = app.store.recorder.select_notifications(start=1, limit=100)
            assert len([n for n in stored if n.topic.endswith("Beneficiary.Enrolled")]) == 1
        finally:
            app.store.close()
