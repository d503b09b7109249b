"""The case timeline on SQLite and PostgreSQL: every event about one subject from intake and
grants, in order, as of a moment, in the caller's provinces."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import UTC, datetime, timedelta

import pytest

from services.reporting.application.reports import SubjectMissing
from shared.contracts import default_registry
from shared.contracts.amounts import Amount
from shared.contracts.envelope import Envelope
from shared.contracts.grants_decisions import DecisionApprovedV1, DecisionProposedV1
from shared.contracts.grants_orders import PaymentConfirmedV1, PaymentOrderIssuedV1
from shared.contracts.intake import (
    BeneficiaryEnrolledV2,
    BeneficiaryMovedV1,
    BeneficiaryStatusChangedV1,
)
from shared.contracts.intake_households import HouseholdMemberAddedV1, HouseholdRegisteredV1
from tests.integration.reporting.projected import Projected, event_at

T0 = datetime(2026, 2, 10, 9, 0, tzinfo=UTC)
T = T0 + timedelta(days=1)
MAD = "MAD"


def timeline(
    reporting: Projected,
    subject: uuid.UUID,
    as_of: datetime | None = None,
    provinces: Collection[str] = ("*",),
) -> list[tuple[object, ...]]:
    answer = reporting.reports.answer(
        "timeline", as_of=as_of, filters={}, provinces=provinces, subject=str(subject)
    )
    assert list(answer.columns) == [
        "at", "topic", "event_type", "actor", "reason", "summary", "position",
    ]  # fmt: skip
    return [(r["event_type"], r["summary"]) for r in answer.rows]


def test_a_household_s_timeline_holds_intake_s_and_grants_events_in_order(
    reporting: Projected,
) -> None:
    head, child, household = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    decision, order = uuid.uuid4(), uuid.uuid4()
    six_thousand = Amount(amount="6000.00", currency=MAD)

    def at(minutes: int) -> datetime:
        return T0 + timedelta(minutes=minutes)

    reporting.receive(
        "intake.beneficiaries",
        *(
            event_at(
                BeneficiaryEnrolledV2(
                    beneficiary_id=b,
                    province_code="LAR",
                    commune_code="LAR-002",
                    sex="F",
                    categories=["disaster_affected"],
                ),
                at(0),
            )
            for b in (head, child)
        ),
    )
    reporting.receive(
        "intake.households",
        event_at(
            HouseholdRegisteredV1(
                household_id=household, head_id=head, province_code="LAR", commune_code="LAR-002"
            ),
            at(1),
        ),
        event_at(
            HouseholdMemberAddedV1(household_id=household, beneficiary_id=child, relation="child"),
            at(2),
        ),
    )
    proposed = DecisionProposedV1(
        decision_id=decision, programme_id=uuid.uuid4(), cycle="floods-2026-02-north-west",
        component="emergency", subject_id=household, province_code="LAR", amount=six_thousand,
        items=[], needs_authorisation=False, actor="grants", reason=None,
    )  # fmt: skip
    approved = DecisionApprovedV1(decision_id=decision, actor="approver-1", reason=None)
    reporting.receive(
        "grants.decisions",
        event_at(proposed, at(3), origin="grants"),
        event_at(approved, at(4), origin="grants"),
    )
    issued = PaymentOrderIssuedV1(
        order_id=order, decision_id=decision, programme_id=uuid.uuid4(),
        cycle="floods-2026-02-north-west", component="emergency", subject_id=household,
        province_code="LAR", payment_list_id=None, amount=six_thousand,
        instalments=[six_thousand], actor="approver-1", reason=None,
    )  # fmt: skip
    paid = PaymentConfirmedV1(
        order_id=order, instalment=1, actor="provider", reason=None, provider_reference="R-1"
    )
    reporting.receive(
        "grants.orders",
        event_at(issued, at(5), origin="grants"),
        event_at(paid, T + timedelta(hours=1), origin="grants"),
    )

    assert timeline(reporting, household) == [
        ("HouseholdRegistered", f"registered in LAR, head {head}"),
        ("HouseholdMemberAdded", f"member {child} added (child)"),
        ("DecisionProposed", "decision proposed 6000.00 MAD (emergency, "
         "floods-2026-02-north-west)"),
        ("DecisionApproved", "decision approved"),
        ("PaymentOrderIssued", "payment order issued 6000.00 MAD in 1 instalment(s) "
         "(emergency)"),
        ("PaymentConfirmed", "instalment 1 paid"),
    ]  # fmt: skip
    assert timeline(reporting, household, as_of=T)[-1] == (
        "PaymentOrderIssued",
        "payment order issued 6000.00 MAD in 1 instalment(s) (emergency)",
    )
    assert timeline(reporting, child) == [
        ("BeneficiaryEnrolled", "enrolled in LAR: disaster_affected"),
        ("HouseholdMemberAdded", f"joined household {household} (child)"),
    ]
    assert timeline(reporting, head)[1] == ("HouseholdRegistered", f"heads household {household}")
    assert timeline(reporting, household, provinces=["KHN"]) == []


def test_a_move_after_t_is_not_on_the_timeline_as_of_t_and_follows_the_province(
    reporting: Projected,
) -> None:
    person = uuid.uuid4()
    enrolled = BeneficiaryEnrolledV2(
        beneficiary_id=person, province_code="KHN", commune_code=None, sex=None,
        categories=["disability"],
    )  # fmt: skip
    reporting.receive("intake.beneficiaries", event_at(enrolled, T0))
    moved = BeneficiaryMovedV1(beneficiary_id=person, province_code="LAR", commune_code="LAR-1")
    reporting.receive("intake.beneficiaries", event_at(moved, T + timedelta(seconds=1)))

    assert timeline(reporting, person, as_of=T) == [
        ("BeneficiaryEnrolled", "enrolled in KHN: disability")
    ]
    assert timeline(reporting, person)[-1] == ("BeneficiaryMoved", "province KHN → LAR")
    # A caseworker of Larache sees what happened since the person lives there.
    assert timeline(reporting, person, provinces=["LAR"]) == [
        ("BeneficiaryMoved", "province KHN → LAR")
    ]
    assert timeline(reporting, uuid.uuid4()) == []
    with pytest.raises(SubjectMissing):
        reporting.reports.answer("timeline", as_of=None, filters={}, provinces=["*"])


def test_a_reason_comes_back_as_it_was_written(reporting: Projected) -> None:
    """Tabs, new lines, backslashes and Arabic survive the way rows are written (COPY on
    PostgreSQL)."""
    person = uuid.uuid4()
    reason = "تصحيح\tlignes\nC:\\dossier 'x' \"y\""
    raw = Envelope.encode_fields(
        BeneficiaryStatusChangedV1(beneficiary_id=person, status="suspended"),
        origin="intake", position=1, aggregate_id=person, aggregate_version=2,
        occurred_at=T0, actor="caseworker-1", reason=reason,
    )  # fmt: skip
    reporting.receive("intake.beneficiaries", default_registry().decode(raw))
    answer = reporting.reports.answer(
        "timeline", as_of=None, filters={}, provinces=["*"], subject=str(person)
    )
    assert [(r["reason"], r["summary"], r["actor"]) for r in answer.rows] == [
        (reason, "status suspended", "caseworker-1")
    ]
