"""Reporting's use cases over the in-memory read model: the events in, the counts out."""

from __future__ import annotations

import uuid

import pytest

from services.reporting.application import CountsReport, Delivered, Projector
from services.reporting.application.projections.catalogue import PROJECTIONS
from services.reporting.domain.counts import ProgrammeDecisions, ProvinceCounts
from services.reporting.persistence.projection_memory import MemoryProjectionStore, MemoryTallies
from shared.contracts.base import Contract
from shared.contracts.grants_decisions import (
    DecisionApprovedV1,
    DecisionProposedV1,
    DecisionRejectedV1,
)
from shared.contracts.intake import (
    BeneficiariesMergedV1,
    BeneficiaryCategoryRecognisedV1,
    BeneficiaryEnrolledV2,
    BeneficiaryMovedV1,
    BeneficiaryStatusChangedV1,
)
from tests.unit.delivered import delivered


class InMemoryReadModel(MemoryTallies):
    """The projections in memory, and the counts read from them."""

    def __init__(self) -> None:
        self.store = MemoryProjectionStore(PROJECTIONS)
        super().__init__(self.store)
        self.projector = Projector(PROJECTIONS, self.store)


@pytest.fixture
def read_model() -> InMemoryReadModel:
    return InMemoryReadModel()


def topic_of(payload: Contract) -> str:
    return (
        "grants.decisions"
        if type(payload).__name__.startswith("Decision")
        else ("intake.beneficiaries")
    )


TECHNICAL_AIDS, FOOD_AID = uuid.uuid4(), uuid.uuid4()  # two programmes' ids


def receive(read_model: InMemoryReadModel, *payloads: Contract) -> None:
    """Each event in its own unit of work, as the inbox applies them."""
    for payload in payloads:
        event = delivered(payload)
        with read_model.store.transaction():
            read_model.projector.apply(None, [Delivered(event, topic_of(payload), 0, 0)])


def enrolled(beneficiary_id: uuid.UUID, province: str, *categories: str) -> BeneficiaryEnrolledV2:
    return BeneficiaryEnrolledV2(
        beneficiary_id=beneficiary_id,
        province_code=province,
        commune_code=None,
        sex=None,
        categories=list(categories),
    )


def proposed(
    decision_id: uuid.UUID,
    province: str,
    programme_id: uuid.UUID = TECHNICAL_AIDS,
    *,
    needs_authorisation: bool = False,
) -> DecisionProposedV1:
    return DecisionProposedV1(
        decision_id=decision_id,
        programme_id=programme_id,
        cycle="2026",
        component="wheelchair",
        subject_id=uuid.uuid4(),
        province_code=province,
        amount=None,
        items=["Wheelchair"],
        needs_authorisation=needs_authorisation,
        actor="grants",
        reason=None,
    )


def approved(decision_id: uuid.UUID, by: str = "approver-1") -> DecisionApprovedV1:
    return DecisionApprovedV1(decision_id=decision_id, actor=by, reason=None)


def rejected(decision_id: uuid.UUID) -> DecisionRejectedV1:
    return DecisionRejectedV1(decision_id=decision_id, actor="approver-1", reason="not due")


def test_enrolments_and_decisions_are_counted_per_province_and_programme(
    read_model: InMemoryReadModel,
) -> None:
    first, second, third = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    wheelchair, cane, basket, elsewhere = (uuid.uuid4() for _ in range(4))
    receive(
        read_model,
        enrolled(first, "KHN", "disability", "elderly_without_support"),
        enrolled(second, "KHN", "disability"),
        enrolled(third, "LAR", "disaster_affected"),
        proposed(wheelchair, "KHN"),
        proposed(cane, "KHN"),
        proposed(basket, "KHN", FOOD_AID),
        proposed(elsewhere, "LAR"),
        approved(wheelchair),
        rejected(cane),
    )

    counts = CountsReport(read_model).counts(["*"])

    assert (counts.beneficiaries_enrolled, counts.decisions_proposed) == (3, 4)
    assert counts.decisions_by_status == {"approved": 1, "proposed": 2, "rejected": 1}
    assert counts.provinces == [
        ProvinceCounts(
            province_code="KHN",
            beneficiaries_enrolled=2,
            by_category={"disability": 2, "elderly_without_support": 1},
            by_status={"enrolled": 2},
            decisions_proposed=3,
            decisions_by_status={"approved": 1, "rejected": 1, "proposed": 1},
            programmes=sorted(
                [
                    ProgrammeDecisions(TECHNICAL_AIDS, 2, {"approved": 1, "rejected": 1}),
                    ProgrammeDecisions(FOOD_AID, 1, {"proposed": 1}),
                ],
                key=lambda p: str(p.programme_id),
            ),
        ),
        ProvinceCounts(
            province_code="LAR",
            beneficiaries_enrolled=1,
            by_category={"disaster_affected": 1},
            by_status={"enrolled": 1},
            decisions_proposed=1,
            decisions_by_status={"proposed": 1},
            programmes=[ProgrammeDecisions(TECHNICAL_AIDS, 1, {"proposed": 1})],
        ),
    ]


def test_changes_follow_the_beneficiary_and_a_merged_duplicate_stops_counting(
    read_model: InMemoryReadModel,
) -> None:
    person, duplicate = uuid.uuid4(), uuid.uuid4()
    receive(
        read_model,
        enrolled(person, "KHN", "disability"),
        enrolled(duplicate, "KHN", "disability"),
        BeneficiaryMovedV1(beneficiary_id=person, province_code="LAR", commune_code="LAR-001"),
        BeneficiaryStatusChangedV1(beneficiary_id=person, status="suspended"),
        BeneficiaryCategoryRecognisedV1(beneficiary_id=person, category="elderly_without_support"),
        BeneficiariesMergedV1(duplicate_id=duplicate, survivor_id=person),
    )

    [lar] = CountsReport(read_model).counts(["*"]).provinces
    assert lar == ProvinceCounts(
        province_code="LAR",
        beneficiaries_enrolled=1,
        by_category={"disability": 1, "elderly_without_support": 1},
        by_status={"suspended": 1},
    )


def test_a_repeated_enrolment_changes_nothing(read_model: InMemoryReadModel) -> None:
    person = uuid.uuid4()
    receive(read_model, enrolled(person, "KHN", "disability"), enrolled(person, "LAR", "orphan"))

    [khn] = CountsReport(read_model).counts(["*"]).provinces
    assert (khn.province_code, khn.by_category) == ("KHN", {"disability": 1})


def test_a_caller_sees_only_the_provinces_of_their_token(read_model: InMemoryReadModel) -> None:
    receive(
        read_model,
        enrolled(uuid.uuid4(), "KHN", "disability"),
        enrolled(uuid.uuid4(), "LAR", "disability"),
        proposed(uuid.uuid4(), "LAR"),
    )

    counts = CountsReport(read_model).counts(["KHN"])

    assert [p.province_code for p in counts.provinces] == ["KHN"]
    assert (counts.beneficiaries_enrolled, counts.decisions_proposed) == (1, 0)
    assert counts.decisions_by_status == {}
    assert CountsReport(read_model).counts([]).provinces == []


def test_an_effect_that_fails_leaves_the_read_model_as_it_was(
    read_model: InMemoryReadModel,
) -> None:
    events = [
        Delivered(
            delivered(enrolled(uuid.uuid4(), "KHN", "disability")), "intake.beneficiaries", 0, 0
        ),
        Delivered(delivered(proposed(uuid.uuid4(), "KHN")), "grants.decisions", 0, 0),
    ]
    with pytest.raises(RuntimeError), read_model.store.transaction():
        read_model.projector.apply(None, events)
        raise RuntimeError("the inbox row could not be written")

    assert CountsReport(read_model).counts(["*"]).provinces == []
