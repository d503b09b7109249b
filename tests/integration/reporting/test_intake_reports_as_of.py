"""Intake-side reports on SQLite and PostgreSQL (households, claims, institutions,
associations), each as of a moment: a correction recorded after T does not leak into the
answer as of T, and the answer now has it."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from shared.contracts.amounts import Amount
from shared.contracts.grants_decisions import DecisionProposedV1
from shared.contracts.intake_claims import ReliefClaimedV1
from shared.contracts.intake_households import HouseholdDisasterImpactRecordedV1
from shared.contracts.intake_organisations import (
    AssociationRegisteredV1,
    InstitutionLicensingChangedV1,
    InstitutionRegisteredV1,
    PartnershipAgreementEndedV1,
    PartnershipAgreementSignedV1,
)
from tests.integration.reporting.projected import Projected, event_at

T0 = datetime(2026, 2, 10, 9, 0, tzinfo=UTC)
T = T0 + timedelta(days=1)
LATER = T + timedelta(seconds=1)
FLOODS = "floods-2026-02-north-west"


def impact(
    household: uuid.UUID, province: str, damage: str, evacuated: bool
) -> HouseholdDisasterImpactRecordedV1:
    return HouseholdDisasterImpactRecordedV1(
        household_id=household, province_code=province, disaster=FLOODS, evacuated=evacuated,
        damage=damage,
    )  # fmt: skip


def test_households_count_the_impact_recorded_by_then(reporting: Projected) -> None:
    first, second, third = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    reporting.receive(
        "intake.households",
        event_at(impact(first, "LAR", "repairable", True), T0),
        event_at(impact(second, "LAR", "repairable", False), T0),
        event_at(impact(third, "KEN", "destroyed", True), T0),
    )
    correction = impact(first, "LAR", "destroyed", True)
    reporting.receive("intake.households", event_at(correction, LATER))

    def table(**kw: Any) -> set[tuple[object, ...]]:
        rows = reporting.rows("households", **kw)
        return {(r["province_code"], r["damage"], r["households"], r["evacuated"]) for r in rows}

    assert table(as_of=T) == {("LAR", "repairable", 2, 1), ("KEN", "destroyed", 1, 1)}
    assert table() == {
        ("LAR", "repairable", 1, 0), ("LAR", "destroyed", 1, 1), ("KEN", "destroyed", 1, 1),
    }  # fmt: skip
    assert table(province="KEN", disaster=FLOODS, year="2026") == {("KEN", "destroyed", 1, 1)}
    assert table(year="2025") == set()
    assert table(provinces=["LAR"], as_of=T) == {("LAR", "repairable", 2, 1)}
    assert {r["disaster"] for r in reporting.rows("households")} == {FLOODS}


def test_claims_are_matched_once_grants_proposed_and_repeats_are_not_known(
    reporting: Projected,
) -> None:
    households = [uuid.uuid4() for _ in range(3)]
    reporting.receive(
        "intake.claims",
        *(
            event_at(
                ReliefClaimedV1(
                    claim_id=uuid.uuid4(),
                    household_id=h,
                    claimant_id=uuid.uuid4(),
                    disaster=FLOODS,
                    province_code="LAR",
                    channel="sms",
                    claimed_at=T0,
                ),
                T0,
            )
            for h in households
        ),
    )
    proposed = DecisionProposedV1(
        decision_id=uuid.uuid4(), programme_id=uuid.uuid4(), cycle=FLOODS,
        component="emergency", subject_id=households[0], province_code="LAR",
        amount=Amount(amount="6000.00", currency="MAD"), items=[], needs_authorisation=False,
        actor="grants", reason=None,
    )  # fmt: skip
    reporting.receive("grants.decisions", event_at(proposed, LATER, origin="grants"))

    [as_of_t] = reporting.rows("claims", as_of=T)
    assert as_of_t == {
        "disaster": FLOODS, "province_code": "LAR", "received": 3, "matched": 0,
        "repeated": None, "rejected": None,
    }  # fmt: skip
    [now] = reporting.rows("claims")
    assert (now["received"], now["matched"]) == (3, 1)
    assert reporting.rows("claims", as_of=T0 - timedelta(seconds=1)) == []
    assert reporting.rows("claims", provinces=["KHN"]) == []


def test_institutions_keep_their_licensing_as_recorded_by_then(reporting: Projected) -> None:
    ids = [uuid.uuid4() for _ in range(3)]
    statuses = ["licensing_in_progress", "licensed", "licensed"]
    reporting.receive(
        "intake.institutions",
        *(
            event_at(
                InstitutionRegisteredV1(
                    institution_id=i,
                    name_lat="Centre",
                    name_ar=None,
                    type="social_care_institution",
                    province_code="KHN",
                    commune_code="KHN-001",
                    capacity=40 + n,
                    licensing_status=s,
                    managing_association_id=None,
                ),
                T0,
            )
            for n, (i, s) in enumerate(zip(ids, statuses, strict=True))
        ),
    )
    licensed = InstitutionLicensingChangedV1(
        institution_id=ids[0], status="licensed", effective_on=date(2026, 1, 1), reason="visite"
    )
    reporting.receive("intake.institutions", event_at(licensed, LATER))

    def table(**kw: Any) -> set[tuple[object, ...]]:
        rows = reporting.rows("institutions", **kw)
        return {(r["licensing_status"], r["institutions"], r["capacity"]) for r in rows}

    assert table(as_of=T) == {("licensing_in_progress", 1, 40), ("licensed", 2, 83)}
    assert table() == {("licensed", 3, 123)}
    assert table(status="licensed", type="social_care_institution", province="KHN") == {
        ("licensed", 3, 123)
    }


def test_agreements_are_active_on_the_day_asked_about_as_recorded_by_then(
    reporting: Projected,
) -> None:
    association, signed_early, signed_late = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    at = datetime(2021, 3, 1, 9, tzinfo=UTC)

    def signed(agreement: uuid.UUID, starts: date, ends: date) -> PartnershipAgreementSignedV1:
        return PartnershipAgreementSignedV1(
            association_id=association, agreement_id=agreement, subject="gestion",
            starts_on=starts, ends_on=ends,
        )  # fmt: skip

    registered = AssociationRegisteredV1(
        association_id=association, name="Association Al Amal", registration_number="K-1",
        province_code="KHN", fields_of_work=["disability", "child_in_difficulty"],
    )  # fmt: skip
    reporting.receive(
        "intake.associations",
        event_at(registered, at),
        event_at(signed(signed_early, date(2021, 1, 1), date(2022, 1, 1)), at),
    )
    # Signed in June, in force since January: not active as of May, whatever its dates.
    june = datetime(2021, 6, 1, 9, tzinfo=UTC)
    reporting.receive(
        "intake.associations",
        event_at(signed(signed_late, date(2021, 1, 1), date(2021, 12, 31)), june),
    )
    # Ended early, on 1 July, but recorded only in September.
    ended = PartnershipAgreementEndedV1(
        association_id=association, agreement_id=signed_early, ended_on=date(2021, 7, 1),
        reason="dissolution",
    )  # fmt: skip
    september = datetime(2021, 9, 1, 9, tzinfo=UTC)
    reporting.receive("intake.associations", event_at(ended, september))

    def active(as_of: datetime) -> dict[object, tuple[object, object]]:
        rows = reporting.rows("associations", as_of=as_of)
        return {r["field_of_work"]: (r["associations"], r["agreements_active"]) for r in rows}

    both = {"disability", "child_in_difficulty"}
    assert active(datetime(2021, 5, 1, tzinfo=UTC)) == dict.fromkeys(both, (1, 1))
    assert active(datetime(2021, 6, 2, tzinfo=UTC)) == dict.fromkeys(both, (1, 2))
    # August, as recorded in August: the early end was not known yet.
    assert active(datetime(2021, 8, 15, tzinfo=UTC)) == dict.fromkeys(both, (1, 2))
    # As recorded in September: ended on 1 July; the other one is still in force.
    assert active(september) == dict.fromkeys(both, (1, 1))
    assert active(datetime(2022, 1, 1, tzinfo=UTC)) == dict.fromkeys(both, (1, 0))
    assert active(at - timedelta(seconds=1)) == {}
    rows = reporting.rows("associations", field_of_work="disability", province="KHN")
    assert [(r["field_of_work"], r["associations"]) for r in rows] == [("disability", 1)]


def test_a_decision_read_before_its_claim_matches_it_from_the_decision_s_time(
    reporting: Projected,
) -> None:
    """The decision comes first (another topic) and is read back in a later run: the time it
    was proposed is compared with the claim's (SQLite gives times back without an offset)."""
    household = uuid.uuid4()
    proposed = DecisionProposedV1(
        decision_id=uuid.uuid4(), programme_id=uuid.uuid4(), cycle=FLOODS,
        component="emergency", subject_id=household, province_code="LAR",
        amount=Amount(amount="6000.00", currency="MAD"), items=[], needs_authorisation=False,
        actor="grants", reason=None,
    )  # fmt: skip
    reporting.receive("grants.decisions", event_at(proposed, LATER, origin="grants"))
    claim = ReliefClaimedV1(
        claim_id=uuid.uuid4(), household_id=household, claimant_id=uuid.uuid4(),
        disaster=FLOODS, province_code="LAR", channel="sms", claimed_at=T0,
    )  # fmt: skip
    reporting.receive("intake.claims", event_at(claim, T0))

    assert [(r["received"], r["matched"]) for r in reporting.rows("claims", as_of=T)] == [(1, 0)]
    assert [(r["received"], r["matched"]) for r in reporting.rows("claims")] == [(1, 1)]
