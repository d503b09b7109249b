"""Grants' facts from intake read and written a batch at a time, on SQLite and PostgreSQL: what
`SqlIntakeFacts` leaves one by one (the last person and impact kept, the first claim), and the
households of a batch locked as one household's lock locks it, in one order."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from services.grants.application.bulk_ports import HouseholdRegistration
from services.grants.domain.eligibility import ClaimFacts, HouseholdFacts, PersonFacts
from services.grants.persistence.event_store import GrantsEventStore, grants_event_store
from services.grants.persistence.intake_facts_bulk import SqlIntakeFactsInBulk
from shared.eventsourcing_internals import transaction_of
from tests.infra import postgres_database, require_infra


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GrantsEventStore]:
    if request.param == "sqlite":
        yield grants_event_store(f"sqlite:///{tmp_path}/grants.sqlite")
        return
    require_infra()
    with postgres_database("grants_facts_bulk") as url:
        found = grants_event_store(url)
        yield found
        found.close()


def test_persons_and_impacts_read_back_as_last_kept(store: GrantsEventStore) -> None:
    facts = SqlIntakeFactsInBulk(store)
    one, two, household, other = (uuid.uuid4() for _ in range(4))
    facts.keep_person(PersonFacts(two, "KHN", frozenset({"elderly"})))
    facts.keep_impact(HouseholdFacts(other, "LAR", "floods", False, "repairable"))

    facts.keep_persons(
        [
            PersonFacts(one, "KHN", frozenset({"disability"})),
            PersonFacts(two, "LAR", frozenset({"elderly"}), "suspended"),
            PersonFacts(one, "KHN", frozenset({"disability", "elderly"})),
        ]
    )
    facts.keep_impacts(
        [
            HouseholdFacts(household, "LAR", "floods", True, "repairable"),
            HouseholdFacts(household, "LAR", "floods", True, "destroyed"),
            HouseholdFacts(other, "LAR", "floods", True, "destroyed"),
        ]
    )
    facts.keep_household(household, head_id=two, province_code="LAR")
    facts.keep_households(
        [
            HouseholdRegistration(other, two, "KHN"),
            HouseholdRegistration(household, two, "KHN"),
            HouseholdRegistration(household, one, "LAR"),  # a merge re-pointed it: the last
        ]
    )

    assert facts.persons([one, two, uuid.uuid4()]) == {
        one: PersonFacts(one, "KHN", frozenset({"disability", "elderly"})),
        two: PersonFacts(two, "LAR", frozenset({"elderly"}), "suspended"),
    }
    assert facts.household_heads([household, other, uuid.uuid4()]) == {household: one, other: two}
    assert facts.household_province(household) == "LAR"
    assert facts.households_headed_by(two) == [other]
    assert facts.impacts([(household, "floods"), (other, "floods"), (other, "another")]) == {
        (household, "floods"): HouseholdFacts(household, "LAR", "floods", True, "destroyed"),
        (other, "floods"): HouseholdFacts(other, "LAR", "floods", True, "destroyed"),
    }
    assert facts.impact(household, "floods") == facts.impacts([(household, "floods")]).get(
        (household, "floods")
    )
    assert facts.persons([]) == {} and facts.impacts([]) == {}


def test_claims_read_back_as_first_kept_in_utc(store: GrantsEventStore) -> None:
    facts = SqlIntakeFactsInBulk(store)
    before, household = uuid.uuid4(), uuid.uuid4()
    casablanca = timezone(timedelta(hours=1))
    at = datetime(2026, 2, 14, 9, 30, 15, 250_000, tzinfo=casablanca)
    kept_before = ClaimFacts(uuid.uuid4(), before, "floods", "LAR", at)
    facts.keep_claim(kept_before)
    first = ClaimFacts(uuid.uuid4(), household, "floods", "LAR", at)

    facts.keep_claims(
        [
            first,
            ClaimFacts(uuid.uuid4(), household, "floods", "LAR", datetime.now(UTC)),
            ClaimFacts(uuid.uuid4(), before, "floods", "LAR", datetime.now(UTC)),
        ]
    )

    found = facts.claims([(household, "floods"), (before, "floods"), (household, "another")])
    assert found == {(household, "floods"): first, (before, "floods"): kept_before}
    assert found[(household, "floods")].claimed_at.utcoffset() == timedelta(0)
    assert facts.claim(household, "floods") == first


def test_a_household_locked_with_a_batch_waits_for_the_batch_to_commit(
    store: GrantsEventStore,
) -> None:
    """A claim applied alone (or by another replica) while a batch holding its household
    commits sees the batch's impact, as with one household's lock."""
    facts = SqlIntakeFactsInBulk(store)
    household, others = uuid.uuid4(), [uuid.uuid4() for _ in range(5)]
    batch_kept = threading.Event()
    seen: list[HouseholdFacts | None] = []

    def batch() -> None:
        with transaction_of(store):
            facts.lock_households([*others, household])
            facts.keep_impacts(
                [
                    HouseholdFacts(h, "LAR", "floods", True, "destroyed")
                    for h in [*others, household]
                ]
            )
            batch_kept.set()
            time.sleep(0.3)  # not committed yet

    def claim() -> None:
        batch_kept.wait(5)
        with transaction_of(store):
            facts.lock_household(household)
            seen.append(facts.impact(household, "floods"))

    _together(batch, claim)

    assert seen == [HouseholdFacts(household, "LAR", "floods", True, "destroyed")]


def test_two_batches_locking_the_same_households_in_opposite_orders_both_commit(
    store: GrantsEventStore,
) -> None:
    facts = SqlIntakeFactsInBulk(store)
    households = [uuid.uuid4() for _ in range(20)]
    done: list[str] = []
    first_locked = threading.Event()

    def batch(name: str, order: list[uuid.UUID]) -> None:
        with transaction_of(store):
            facts.lock_households(order)
            first_locked.set()
            time.sleep(0.1)
            facts.keep_impacts([HouseholdFacts(h, "LAR", "floods", True, name) for h in order])
        done.append(name)

    def second() -> None:
        first_locked.wait(5)
        batch("repairable", households[::-1])

    _together(lambda: batch("destroyed", households), second)

    assert sorted(done) == ["destroyed", "repairable"]
    assert {i.damage for i in facts.impacts([(h, "floods") for h in households]).values()} == {
        "repairable"
    }


def _together(*work: Callable[[], object]) -> None:
    threads = [threading.Thread(target=w) for w in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(15)
    assert not any(t.is_alive() for t in threads)
