"""Proposals of a person gone from intake are cancelled, and what envelopes hold for them
released; the proposals read back by province, programme and status."""

from __future__ import annotations

import uuid

import pytest

from services.grants.application.proposal_reads import ProposalReads
from services.grants.domain.decision_rules import DecisionStatus
from services.grants.domain.envelope_rules import HoldStatus
from services.grants.domain.programme import Programme
from services.grants.domain.reference_programmes import (
    DISABILITY_TECHNICAL_AIDS,
    FLOOD_RELIEF_2026_02,
)
from shared.contracts.intake import (
    BeneficiariesMergedV1,
    BeneficiaryPersonalDataErasedV1,
    BeneficiaryStatusChangedV1,
)
from shared.money import Money
from tests.unit.grants_intake import Grants, enrolled


@pytest.fixture
def grants() -> Grants:
    return Grants()


@pytest.mark.parametrize(
    "gone",
    [
        lambda b: BeneficiaryStatusChangedV1(beneficiary_id=b, status="suspended"),
        lambda b: BeneficiaryStatusChangedV1(beneficiary_id=b, status="exited"),
        lambda b: BeneficiaryPersonalDataErasedV1(beneficiary_id=b),
        lambda b: BeneficiariesMergedV1(duplicate_id=b, survivor_id=uuid.uuid4()),
    ],
    ids=["suspended", "exited", "erased", "merged"],
)
def test_a_beneficiary_gone_from_intake_has_their_open_proposals_cancelled(
    grants: Grants, gone: object
) -> None:
    grants.open_this_year(DISABILITY_TECHNICAL_AIDS)
    person = uuid.uuid4()
    grants.tell(enrolled(person, "disability"))

    assert callable(gone)
    event = grants.tell(gone(person))

    decisions = grants.decisions_of(person)
    assert len(decisions) == 3
    assert {d.status for d in decisions} == {DecisionStatus.CANCELLED}
    grants.receive(event)  # again: nothing left open, nothing refused


def test_cancelling_releases_what_the_envelope_holds_and_skips_what_holds_nothing(
    grants: Grants,
) -> None:
    household = uuid.uuid4()
    grants.flood_hit(household, "LAR")
    emergency, housing = sorted(grants.decisions_of(household), key=lambda d: d.component)
    envelope_id = grants.envelopes.open_envelope(
        programme_id=emergency.programme_id,
        cycle_id=emergency.cycle,
        province_code="LAR",
        actor="admin",
        reason="relief budget",
    )
    grants.envelopes.allocate(envelope_id, amount=Money.mad("200000.00"), actor="admin", reason="x")
    grants.envelopes.place_hold(
        envelope_id, hold_id=emergency.id, amount=Money.mad("6000.00"), actor="a", reason="y"
    )

    cancelled = grants.use_cases.cancel_open_proposals(household, reason="left the province")

    assert sorted(cancelled) == sorted([emergency.id, housing.id])
    envelope = grants.envelopes.envelope(envelope_id)
    assert envelope.hold_status(emergency.id) is HoldStatus.RELEASED
    assert envelope.hold_status(housing.id) is None


def test_the_proposals_read_back_by_province_programme_and_status(grants: Grants) -> None:
    grants.open_this_year(DISABILITY_TECHNICAL_AIDS)
    larache, kenitra, person = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    grants.flood_hit(larache, "LAR")
    grants.flood_hit(kenitra, "KEN")
    grants.tell(enrolled(person, "disability"))
    grants.use_cases.cancel_open_proposals(kenitra, reason="moved away")
    reads = ProposalReads(grants.proposals)
    relief = Programme.create_id(FLOOD_RELIEF_2026_02)

    everywhere = reads.proposals(provinces=None, programme_id=relief)
    in_larache = reads.proposals(provinces=frozenset({"LAR"}), programme_id=None)
    open_ones = reads.proposals(provinces=None, programme_id=relief, status=DecisionStatus.PROPOSED)
    second = reads.proposals(provinces=None, programme_id=None, limit=2, offset=2)

    assert everywhere.total == 4
    assert {d.subject_id for d in in_larache.decisions} == {larache}
    assert {d.subject_id for d in open_ones.decisions} == {larache}
    assert (second.total, len(second.decisions)) == (7, 2)
