"""Grants' facts from intake round-trip through its SQL read model, on SQLite and PostgreSQL:
what the eligibility rules take in is what was kept, the latest value of each (of a claim, the
first)."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import inspect

from services.grants.domain.eligibility import (
    AssociationFacts,
    ClaimFacts,
    HouseholdFacts,
    InstitutionFacts,
    PersonFacts,
)
from services.grants.persistence.event_store import GrantsEventStore, grants_event_store
from services.grants.persistence.intake_facts import SqlIntakeFacts, households_by_head
from shared.eventsourcing_internals import engine_of, transaction_of
from tests.infra import postgres_database, require_infra


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GrantsEventStore]:
    if request.param == "sqlite":
        yield grants_event_store(f"sqlite:///{tmp_path}/grants.sqlite")
        return
    require_infra()
    with postgres_database("grants_facts") as url:
        found = grants_event_store(url)
        yield found
        found.close()


def test_each_fact_reads_back_as_last_kept(store: GrantsEventStore) -> None:
    facts = SqlIntakeFacts(store)
    person, household, institution, association = (uuid.uuid4() for _ in range(4))

    facts.keep_person(PersonFacts(person, "KHN", frozenset({"disability"})))
    facts.keep_person(PersonFacts(person, "KHN", frozenset({"disability", "elderly"}), "active"))
    facts.keep_household(household, head_id=person, province_code="LAR")
    facts.keep_impact(HouseholdFacts(household, "LAR", "floods", True, "repairable"))
    facts.keep_impact(HouseholdFacts(household, "LAR", "floods", True, "destroyed"))
    facts.keep_institution(InstitutionFacts(institution, "KHN", "licensed", association))
    facts.keep_association(AssociationFacts(association, "KHN", frozenset({"disability"})))

    assert facts.person(person) == PersonFacts(
        person, "KHN", frozenset({"disability", "elderly"}), "active"
    )
    assert facts.household_province(household) == "LAR"
    assert facts.impact(household, "floods") == HouseholdFacts(
        household, "LAR", "floods", True, "destroyed"
    )
    assert facts.impact(household, "another") is None
    assert facts.institution(institution) == InstitutionFacts(
        institution, "KHN", "licensed", association
    )
    assert facts.association(association) == AssociationFacts(
        association, "KHN", frozenset({"disability"})
    )
    assert facts.person(uuid.uuid4()) is None


def test_the_households_a_beneficiary_heads_are_found_by_an_index(
    store: GrantsEventStore,
) -> None:
    facts = SqlIntakeFacts(store)
    head, other = uuid.uuid4(), uuid.uuid4()
    first, second, theirs = sorted(uuid.uuid4() for _ in range(3))
    for household, by in ((second, head), (first, head), (theirs, other)):
        facts.keep_household(household, head_id=by, province_code="LAR")

    assert facts.households_headed_by(head) == [first, second]
    facts.keep_household(first, head_id=other, province_code="LAR")  # a merge re-points it
    assert facts.households_headed_by(head) == [second]
    assert facts.households_headed_by(uuid.uuid4()) == []

    # A database made before the index: the next start adds it to the existing table.
    engine = engine_of(store)
    households_by_head.drop(engine)
    SqlIntakeFacts(store)
    indexes = {i["name"] for i in inspect(engine).get_indexes("grants_household_facts")}
    assert "grants_household_facts_by_head" in indexes


def test_a_claim_reads_back_as_first_kept_in_utc(store: GrantsEventStore) -> None:
    facts = SqlIntakeFacts(store)
    household, claim_id = uuid.uuid4(), uuid.uuid4()
    casablanca = timezone(timedelta(hours=1))
    claimed_at = datetime(2026, 2, 14, 9, 30, 15, 250_000, tzinfo=casablanca)

    facts.keep_claim(ClaimFacts(claim_id, household, "floods", "LAR", claimed_at))
    facts.keep_claim(ClaimFacts(claim_id, household, "floods", "LAR", datetime.now(UTC)))

    kept = facts.claim(household, "floods")
    assert kept == ClaimFacts(claim_id, household, "floods", "LAR", claimed_at)
    assert kept is not None and kept.claimed_at.utcoffset() == timedelta(0)
    assert facts.claim(household, "another") is None
    assert facts.claim(uuid.uuid4(), "floods") is None


def test_a_claim_kept_while_the_impact_commits_waits_for_it_and_sees_it(
    store: GrantsEventStore,
) -> None:
    """Impacts and claims come on two topics, maybe to two replicas at once: without the
    household's lock each would miss the other, uncommitted, and neither would propose."""
    facts = SqlIntakeFacts(store)
    household = uuid.uuid4()
    impact_kept = threading.Event()
    seen: list[HouseholdFacts | None] = []

    def impact() -> None:
        with transaction_of(store):
            facts.lock_household(household)
            facts.keep_impact(HouseholdFacts(household, "LAR", "floods", True, "destroyed"))
            impact_kept.set()
            time.sleep(0.3)  # not committed yet

    def claim() -> None:
        impact_kept.wait(5)
        with transaction_of(store):
            facts.lock_household(household)
            facts.keep_claim(
                ClaimFacts(uuid.uuid4(), household, "floods", "LAR", datetime.now(UTC))
            )
            seen.append(facts.impact(household, "floods"))

    threads = [threading.Thread(target=impact), threading.Thread(target=claim)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)

    assert seen == [HouseholdFacts(household, "LAR", "floods", True, "destroyed")]
