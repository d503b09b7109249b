"""A household's head gone from intake (suspended, exited, erased) ends the household's open
proposals too, releasing what the envelope holds for them; merged into a survivor, the
household is the survivor's and keeps them. Redelivered, nothing changes."""

from __future__ import annotations

import uuid

import pytest

from services.grants.domain.decision_rules import DecisionStatus
from services.grants.domain.envelope_rules import HoldStatus
from shared.contracts.intake import (
    BeneficiariesMergedV1,
    BeneficiaryPersonalDataErasedV1,
    BeneficiaryStatusChangedV1,
)
from shared.contracts.intake_households import HouseholdRegisteredV1
from shared.money import Money
from tests.unit.grants_intake import Grants, enrolled


@pytest.fixture
def grants() -> Grants:
    return Grants()


def household_headed_by(grants: Grants, head: uuid.UUID) -> uuid.UUID:
    household = uuid.uuid4()
    grants.tell(
        HouseholdRegisteredV1(
            household_id=household, head_id=head, province_code="LAR", commune_code="LAR-001"
        )
    )
    grants.flood_hit(household, "LAR")
    return household


def statuses(grants: Grants, subject: uuid.UUID) -> set[DecisionStatus]:
    return {d.status for d in grants.decisions_of(subject)}


@pytest.mark.parametrize(
    "gone",
    [
        lambda b: BeneficiaryStatusChangedV1(beneficiary_id=b, status="suspended"),
        lambda b: BeneficiaryStatusChangedV1(beneficiary_id=b, status="exited"),
        lambda b: BeneficiaryPersonalDataErasedV1(beneficiary_id=b),
    ],
    ids=["suspended", "exited", "erased"],
)
def test_a_head_gone_from_intake_cancels_their_households_open_proposals(
    grants: Grants, gone: object
) -> None:
    head, neighbour = uuid.uuid4(), uuid.uuid4()
    grants.tell(enrolled(head, "disaster_affected"))
    grants.tell(enrolled(neighbour, "disaster_affected"))
    household = household_headed_by(grants, head)
    other = household_headed_by(grants, neighbour)
    assert len(grants.decisions_of(household)) == 2

    assert callable(gone)
    event = grants.tell(gone(head))

    assert statuses(grants, household) == {DecisionStatus.CANCELLED}
    assert statuses(grants, other) == {DecisionStatus.PROPOSED}
    grants.receive(event)  # again: nothing left open, nothing refused
    assert statuses(grants, household) == {DecisionStatus.CANCELLED}


def test_a_gone_heads_household_has_its_hold_released_and_the_reason_says_why(
    grants: Grants,
) -> None:
    head = uuid.uuid4()
    grants.tell(enrolled(head, "disaster_affected"))
    household = household_headed_by(grants, head)
    emergency = next(d for d in grants.decisions_of(household) if d.component == "emergency_aid")
    envelope_id = grants.envelopes.open_envelope(
        programme_id=emergency.programme_id, cycle_id=emergency.cycle, province_code="LAR",
        actor="admin", reason="relief budget",
    )  # fmt: skip
    grants.envelopes.allocate(envelope_id, amount=Money.mad("6000.00"), actor="admin", reason="b")
    grants.envelopes.place_hold(
        envelope_id, hold_id=emergency.id, amount=Money.mad("6000.00"), actor="ap", reason="ok"
    )

    grants.tell(BeneficiaryPersonalDataErasedV1(beneficiary_id=head))

    assert grants.envelopes.envelope(envelope_id).hold_status(emergency.id) is HoldStatus.RELEASED
    [*_, cancelled] = grants.store.repository.event_store.get(emergency.id)
    assert getattr(cancelled, "reason", "").startswith("the household's head: intake ")


def test_a_merged_heads_household_is_the_survivors_and_keeps_its_proposals(
    grants: Grants,
) -> None:
    duplicate, survivor = uuid.uuid4(), uuid.uuid4()
    grants.tell(enrolled(duplicate, "disaster_affected"))
    grants.tell(enrolled(survivor, "disaster_affected"))
    household = household_headed_by(grants, duplicate)

    merged = grants.tell(BeneficiariesMergedV1(duplicate_id=duplicate, survivor_id=survivor))
    grants.receive(merged)

    assert statuses(grants, household) == {DecisionStatus.PROPOSED}
    assert grants.facts.households_headed_by(survivor) == [household]
    assert grants.facts.households_headed_by(duplicate) == []
    grants.tell(BeneficiaryStatusChangedV1(beneficiary_id=survivor, status="exited"))
    assert statuses(grants, household) == {DecisionStatus.CANCELLED}


def test_a_head_merged_into_a_survivor_gone_already_cancels_the_households_proposals(
    grants: Grants,
) -> None:
    duplicate, survivor = uuid.uuid4(), uuid.uuid4()
    grants.tell(enrolled(duplicate, "disaster_affected"))
    grants.tell(enrolled(survivor, "disaster_affected"))
    household = household_headed_by(grants, duplicate)
    grants.tell(BeneficiaryStatusChangedV1(beneficiary_id=survivor, status="suspended"))

    grants.tell(BeneficiariesMergedV1(duplicate_id=duplicate, survivor_id=survivor))

    assert statuses(grants, household) == {DecisionStatus.CANCELLED}


def test_an_impact_and_a_claim_read_after_their_heads_erasure_propose_nothing(
    grants: Grants,
) -> None:
    """Persons, households and claims come on three topics: the erasure may be read first."""
    head = uuid.uuid4()
    grants.tell(enrolled(head, "disaster_affected"))
    grants.tell(BeneficiaryPersonalDataErasedV1(beneficiary_id=head))
    household = household_headed_by(grants, head)
    assert grants.decisions_of(household) == []
