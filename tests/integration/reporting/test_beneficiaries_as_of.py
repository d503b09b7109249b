"""Beneficiaries' report on SQLite and PostgreSQL: as of a moment, a correction recorded
later does not leak in; a message applied twice changes nothing; a failed transaction leaves
nothing."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from services.reporting.application.projections.catalogue import PROJECTIONS
from shared.contracts.intake import (
    BeneficiariesMergedV1,
    BeneficiaryEnrolledV2,
    BeneficiaryMovedV1,
)
from tests.integration.reporting.projected import Projected, event_at, projected

T0 = datetime(2021, 3, 1, 9, 0, tzinfo=UTC)
TOPIC = "intake.beneficiaries"
# The projections that read enrolments and merges: each applies a message once.
READERS = sum(
    TOPIC in p.topics and {"BeneficiaryEnrolled", "BeneficiariesMerged"} <= set(p.handlers)
    for p in PROJECTIONS
)


def enrolled(person: uuid.UUID, province: str, *categories: str) -> BeneficiaryEnrolledV2:
    return BeneficiaryEnrolledV2(
        beneficiary_id=person, province_code=province, commune_code=None, sex=None,
        categories=list(categories),
    )  # fmt: skip


def counts(rows: list[dict[str, object]]) -> dict[tuple[object, object], object]:
    return {(r["province_code"], r["category"]): r["beneficiaries"] for r in rows}


def test_a_province_corrected_after_t_is_counted_in_the_old_province_as_of_t(
    reporting: Projected,
) -> None:
    person, other = uuid.uuid4(), uuid.uuid4()
    reporting.receive(
        TOPIC,
        event_at(enrolled(person, "KHN", "disability"), T0),
        event_at(enrolled(other, "KHN", "elderly_without_support"), T0 + timedelta(hours=1)),
    )
    t = T0 + timedelta(days=1)
    moved = BeneficiaryMovedV1(beneficiary_id=person, province_code="LAR", commune_code="LAR-1")
    reporting.receive(TOPIC, event_at(moved, t + timedelta(seconds=1)))

    assert counts(reporting.rows("beneficiaries", as_of=t)) == {
        ("KHN", "disability"): 1,
        ("KHN", "elderly_without_support"): 1,
    }
    assert counts(reporting.rows("beneficiaries")) == {
        ("LAR", "disability"): 1,
        ("KHN", "elderly_without_support"): 1,
    }
    assert counts(reporting.rows("beneficiaries", as_of=T0 + timedelta(minutes=30))) == {
        ("KHN", "disability"): 1
    }
    assert reporting.rows("beneficiaries", as_of=T0 - timedelta(seconds=1)) == []
    assert counts(reporting.rows("beneficiaries", provinces=["LAR"])) == {("LAR", "disability"): 1}
    assert counts(reporting.rows("beneficiaries", category="disability")) == {
        ("LAR", "disability"): 1
    }


def test_a_message_applied_twice_changes_nothing(reporting: Projected) -> None:
    """The projection's positions say it: a repeat at the same position (from Kafka again, or
    re-sent by a relay at another offset) is not applied, in the same run or a later one."""
    person, duplicate = uuid.uuid4(), uuid.uuid4()
    first = event_at(enrolled(person, "KHN", "disability"), T0, position=10)
    other = event_at(enrolled(duplicate, "KHN", "disability"), T0, position=11)
    merged = event_at(
        BeneficiariesMergedV1(duplicate_id=duplicate, survivor_id=person), T0, position=12
    )
    # Applied once to every projection reading beneficiaries (the timeline as well).
    assert reporting.receive(TOPIC, first, other, merged, merged) == 3 * READERS
    assert reporting.receive(TOPIC, other, merged) == 0
    assert counts(reporting.rows("beneficiaries")) == {("KHN", "disability"): 1}


def test_a_failed_transaction_leaves_neither_rows_nor_positions(reporting: Projected) -> None:
    from services.reporting.application import Delivered
    from services.reporting.persistence.sql import SessionUnitOfWork

    e = event_at(enrolled(uuid.uuid4(), "KHN", "disability"), T0, position=5)
    with pytest.raises(RuntimeError), SessionUnitOfWork(reporting.engine).transaction() as s:
        reporting.projector.apply(s, [Delivered(e, TOPIC, 0, 0)])
        raise RuntimeError("the inbox row could not be written")
    assert reporting.rows("beneficiaries") == []
    assert reporting.receive(TOPIC, e) == READERS


def test_the_store_starts_again_on_a_database_that_has_its_tables(reporting: Projected) -> None:
    reporting.receive(TOPIC, event_at(enrolled(uuid.uuid4(), "KHN", "orphan"), T0))
    again = projected(str(reporting.engine.url.render_as_string(hide_password=False)))
    assert counts(again.rows("beneficiaries")) == {("KHN", "orphan"): 1}
    again.engine.dispose()
