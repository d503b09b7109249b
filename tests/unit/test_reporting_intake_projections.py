"""Reporting's intake-side projections over the in-memory store: which rows each event
leaves, with their history (households, claims, organisations, the case timeline)."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from services.reporting.application import Delivered, Projector
from services.reporting.application.projections.catalogue import PROJECTIONS
from services.reporting.persistence.projection_memory import MemoryProjectionStore
from shared.contracts import default_registry
from shared.contracts.amounts import Amount
from shared.contracts.base import Contract
from shared.contracts.envelope import Envelope
from shared.contracts.grants_decisions import DecisionApprovedV1, DecisionProposedV1
from shared.contracts.intake_claims import ReliefClaimedV1
from shared.contracts.intake_households import HouseholdDisasterImpactRecordedV1
from shared.contracts.intake_organisations import (
    AssociationRegisteredV1,
    InstitutionRegisteredV1,
    PartnershipAgreementEndedV1,
    PartnershipAgreementSignedV1,
)

T0 = datetime(2026, 2, 10, 8, 0, tzinfo=UTC)
FLOODS = "floods-2026-02-north-west"
_positions = itertools.count(1)


class Reporting:
    def __init__(self) -> None:
        self.store = MemoryProjectionStore(PROJECTIONS)
        self.projector = Projector(PROJECTIONS, self.store)

    def receive(
        self, topic: str, payload: Contract, at: datetime, reason: str | None = None
    ) -> None:
        raw = Envelope.encode_fields(
            payload, origin=topic.split(".")[0], position=next(_positions),
            aggregate_id=uuid.uuid4(), aggregate_version=1, occurred_at=at,
            actor="caseworker-1", reason=reason,
        )  # fmt: skip
        event = default_registry().decode(raw)
        with self.store.transaction():
            self.projector.apply(None, [Delivered(event, topic, 0, 0)])

    def valid(self, projection: str, kind: str, as_of: datetime | None = None) -> list[Any]:
        return self.store.valid(projection, kind, as_of)


@pytest.fixture
def reporting() -> Reporting:
    return Reporting()


def impact(household: uuid.UUID, damage: str, *, evacuated: bool = True) -> Contract:
    return HouseholdDisasterImpactRecordedV1(
        household_id=household, province_code="LAR", disaster=FLOODS, evacuated=evacuated,
        damage=damage,
    )  # fmt: skip


def proposal(subject: uuid.UUID, cycle: str = FLOODS, decision: uuid.UUID | None = None) -> Any:
    return DecisionProposedV1(
        decision_id=decision or uuid.uuid4(), programme_id=uuid.uuid4(), cycle=cycle,
        component="emergency", subject_id=subject, province_code="LAR",
        amount=Amount(amount="6000.00", currency="MAD"), items=[], needs_authorisation=False,
        actor="grants", reason=None,
    )  # fmt: skip


def claimed(household: uuid.UUID, at: datetime) -> ReliefClaimedV1:
    return ReliefClaimedV1(
        claim_id=uuid.uuid4(), household_id=household, claimant_id=uuid.uuid4(),
        disaster=FLOODS, province_code="LAR", channel="sms", claimed_at=at,
    )  # fmt: skip


def test_a_corrected_impact_replaces_the_first_and_keeps_its_year(reporting: Reporting) -> None:
    household = uuid.uuid4()
    reporting.receive("intake.households", impact(household, "repairable"), T0)
    later = T0 + timedelta(days=400)
    reporting.receive("intake.households", impact(household, "destroyed"), later)

    [now] = reporting.valid("households", "impact")
    assert (now["damage"], now["year"]) == ("destroyed", 2026)
    [before] = reporting.valid("households", "impact", later - timedelta(seconds=1))
    assert before["damage"] == "repairable"


def test_a_claim_is_matched_by_a_decision_on_its_household_in_the_disaster_s_cycle(
    reporting: Reporting,
) -> None:
    first, second, third = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    reporting.receive("intake.claims", claimed(first, T0), T0)
    reporting.receive("intake.claims", claimed(second, T0), T0)
    reporting.receive("grants.decisions", proposal(first), T0 + timedelta(hours=1))
    reporting.receive("grants.decisions", proposal(second, cycle="2026"), T0 + timedelta(hours=1))
    reporting.receive("grants.decisions", proposal(third), T0 + timedelta(hours=2))

    matched = {r["household_id"]: r["matched"] for r in reporting.valid("claims", "claim")}
    assert matched == {str(first): True, str(second): False}
    # A fiscal year's cycle is not a disaster's: no row kept for it.
    assert {r["key"] for r in reporting.valid("claims", "proposed")} == {
        f"{first}:{FLOODS}",
        f"{third}:{FLOODS}",
    }


def test_a_decision_read_before_its_claim_matches_it_only_from_its_own_time(
    reporting: Reporting,
) -> None:
    household = uuid.uuid4()
    proposed_at = T0 + timedelta(hours=3)
    reporting.receive("grants.decisions", proposal(household), proposed_at)
    reporting.receive("intake.claims", claimed(household, T0), T0)

    [between] = reporting.valid("claims", "claim", T0 + timedelta(hours=1))
    assert between["matched"] is False
    [now] = reporting.valid("claims", "claim")
    assert now["matched"] is True


def test_associations_count_in_each_field_and_an_early_end_shortens_the_agreement(
    reporting: Reporting,
) -> None:
    association, agreement = uuid.uuid4(), uuid.uuid4()
    registered = AssociationRegisteredV1(
        association_id=association, name="Association Al Amal", registration_number="KHN-1",
        province_code="KHN", fields_of_work=["disability", "child_in_difficulty"],
    )  # fmt: skip
    signed = PartnershipAgreementSignedV1(
        association_id=association, agreement_id=agreement, subject="gestion du centre",
        starts_on=date(2021, 1, 1), ends_on=date(2022, 1, 1),
    )  # fmt: skip
    ended = PartnershipAgreementEndedV1(
        association_id=association, agreement_id=agreement, ended_on=date(2021, 7, 1),
        reason="dissolution",
    )  # fmt: skip
    reporting.receive("intake.associations", registered, T0)
    reporting.receive("intake.associations", signed, T0)
    reporting.receive("intake.associations", ended, T0 + timedelta(days=1))

    work = reporting.valid("organisations", "work")
    assert sorted((r["field_of_work"], r["association"], r["ends_on"]) for r in work) == [
        ("child_in_difficulty", False, date(2021, 7, 1)),
        ("child_in_difficulty", True, None),
        ("disability", False, date(2021, 7, 1)),
        ("disability", True, None),
    ]
    rows = [row for table in reporting.store.rows.values() for row in table]
    assert not any("Al Amal" in str(v) or "gestion" in str(v) for r in rows for v in r.values())


def test_the_timeline_places_a_decision_s_later_steps_on_its_subject(
    reporting: Reporting,
) -> None:
    institution, decision = uuid.uuid4(), uuid.uuid4()
    registered = InstitutionRegisteredV1(
        institution_id=institution, name_lat="Dar Al Atfal", name_ar="دار الأطفال",
        type="social_care_institution", province_code="KHN", commune_code="KHN-001",
        capacity=60, licensing_status="licensed", managing_association_id=None,
    )  # fmt: skip
    reporting.receive("intake.institutions", registered, T0)
    reporting.receive("grants.decisions", proposal(institution, "2021", decision), T0)
    approved = DecisionApprovedV1(decision_id=decision, actor="approver-1", reason="complet")
    reporting.receive("grants.decisions", approved, T0 + timedelta(hours=1), reason="complet")
    unknown = DecisionApprovedV1(decision_id=uuid.uuid4(), actor="approver-1", reason=None)
    reporting.receive("grants.decisions", unknown, T0 + timedelta(hours=1))

    entries = reporting.valid("timeline", "entry")
    assert [(e["subject_id"], e["event_type"], e["summary"], e["reason"]) for e in entries] == [
        (str(institution), "InstitutionRegistered",
         "registered: social_care_institution in KHN-001 (KHN), capacity 60, licensed", None),
        (str(institution), "DecisionProposed",
         "decision proposed 6000.00 MAD (emergency, 2021)", None),
        (str(institution), "DecisionApproved", "decision approved", "complet"),
    ]  # fmt: skip
    assert {e["province_code"] for e in entries} == {"KHN", "LAR"}
    rows = [row for table in reporting.store.rows.values() for row in table]
    assert not any("Dar Al" in str(v) or "دار" in str(v) for r in rows for v in r.values())
