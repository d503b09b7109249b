"""Every projection loads a chunk's rows a kind at a time, whatever the chunk holds: a row a
handler gets without declaring it (`reads`, `then_reads`) is loaded on its own, one query per
event, which a replay of a million events cannot afford."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterator, Mapping
from datetime import UTC, date, datetime

from services.reporting.application import Delivered, Projector
from services.reporting.application.projection_ports import Generation
from services.reporting.application.projections.catalogue import PROJECTIONS
from services.reporting.domain.history import Kind, Row
from services.reporting.persistence.projection_memory import MemoryProjectionStore
from shared.contracts.amounts import Amount
from shared.contracts.base import Contract
from shared.contracts.grants_decisions import DecisionApprovedV1, DecisionProposedV1
from shared.contracts.grants_orders import PaymentConfirmedV1, PaymentOrderIssuedV1
from shared.contracts.intake import (
    BeneficiaryCategoryRecognisedV1,
    BeneficiaryEnrolledV2,
    BeneficiaryMovedV1,
    BeneficiaryStatusChangedV1,
)
from shared.contracts.intake_claims import ReliefClaimedV1
from shared.contracts.intake_households import (
    HouseholdDisasterImpactRecordedV1,
    HouseholdMemberAddedV1,
    HouseholdRegisteredV1,
)
from shared.contracts.intake_organisations import (
    AssociationRegisteredV1,
    InstitutionLicensingChangedV1,
    InstitutionRegisteredV1,
    PartnershipAgreementEndedV1,
    PartnershipAgreementSignedV1,
)
from tests.unit.delivered import delivered

FLOODS = "floods-2026-02-north-west"
SIX_THOUSAND = Amount(amount="6000.00", currency="MAD")
SUBJECTS = 20


class CountingStore(MemoryProjectionStore):
    def __init__(self) -> None:
        super().__init__(PROJECTIONS)
        self.loads: dict[tuple[str, str], int] = {}

    def current(
        self, session: object, generation: Generation, kind: Kind, keys: Collection[str]
    ) -> Mapping[str, Row]:
        place = (generation.projection, kind.name)
        self.loads[place] = self.loads.get(place, 0) + 1
        return super().current(session, generation, kind, keys)


def household_story() -> Iterator[tuple[str, Contract]]:
    head, child, household = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    decision, order = uuid.uuid4(), uuid.uuid4()
    for person in (head, child):
        yield "intake.beneficiaries", BeneficiaryEnrolledV2(
            beneficiary_id=person, province_code="LAR", commune_code="LAR-002", sex="F",
            categories=["disaster_affected"],
        )  # fmt: skip
    yield (
        "intake.beneficiaries",
        BeneficiaryCategoryRecognisedV1(beneficiary_id=child, category="child_in_difficulty"),
    )
    yield (
        "intake.beneficiaries",
        BeneficiaryMovedV1(beneficiary_id=child, province_code="KEN", commune_code="KEN-001"),
    )
    yield "intake.beneficiaries", BeneficiaryStatusChangedV1(beneficiary_id=head, status="active")
    yield (
        "intake.households",
        HouseholdRegisteredV1(
            household_id=household, head_id=head, province_code="LAR", commune_code="LAR-002"
        ),
    )
    yield (
        "intake.households",
        HouseholdMemberAddedV1(household_id=household, beneficiary_id=child, relation="child"),
    )
    for damage in ("repairable", "destroyed"):
        yield "intake.households", HouseholdDisasterImpactRecordedV1(
            household_id=household, province_code="LAR", disaster=FLOODS, evacuated=True,
            damage=damage,
        )  # fmt: skip
    yield "intake.claims", ReliefClaimedV1(
        claim_id=uuid.uuid4(), household_id=household, claimant_id=head, disaster=FLOODS,
        province_code="LAR", channel="sms", claimed_at=datetime(2026, 2, 10, tzinfo=UTC),
    )  # fmt: skip
    yield "grants.decisions", DecisionProposedV1(
        decision_id=decision, programme_id=uuid.uuid4(), cycle=FLOODS, component="emergency",
        subject_id=household, province_code="LAR", amount=SIX_THOUSAND, items=[],
        needs_authorisation=False, actor="grants", reason=None,
    )  # fmt: skip
    yield "grants.decisions", DecisionApprovedV1(decision_id=decision, actor="a", reason=None)
    yield "grants.orders", PaymentOrderIssuedV1(
        order_id=order, decision_id=decision, programme_id=uuid.uuid4(), cycle=FLOODS,
        component="emergency", subject_id=household, province_code="LAR",
        payment_list_id=None, amount=SIX_THOUSAND, instalments=[SIX_THOUSAND], actor="a",
        reason=None,
    )  # fmt: skip
    yield (
        "grants.orders",
        PaymentConfirmedV1(
            order_id=order, instalment=1, actor="p", reason=None, provider_reference="R"
        ),
    )


def organisation_story() -> Iterator[tuple[str, Contract]]:
    association, institution, agreement = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    yield "intake.associations", AssociationRegisteredV1(
        association_id=association, name="A", registration_number="R", province_code="KHN",
        fields_of_work=["disability", "child_in_difficulty"],
    )  # fmt: skip
    yield "intake.associations", PartnershipAgreementSignedV1(
        association_id=association, agreement_id=agreement, subject="s",
        starts_on=date(2021, 1, 1), ends_on=date(2022, 1, 1),
    )  # fmt: skip
    yield "intake.associations", PartnershipAgreementEndedV1(
        association_id=association, agreement_id=agreement, ended_on=date(2021, 6, 1),
        reason="r",
    )  # fmt: skip
    yield "intake.institutions", InstitutionRegisteredV1(
        institution_id=institution, name_lat="I", name_ar=None, type="social_care_institution",
        province_code="KHN", commune_code="KHN-001", capacity=40,
        licensing_status="licensing_in_progress", managing_association_id=association,
    )  # fmt: skip
    yield (
        "intake.institutions",
        InstitutionLicensingChangedV1(
            institution_id=institution, status="licensed", effective_on=date(2021, 3, 1), reason="v"
        ),
    )


def chunk(stories: int) -> list[Delivered]:
    out: list[Delivered] = []
    for _ in range(stories):
        for topic, payload in [*household_story(), *organisation_story()]:
            origin = topic.split(".")[0]
            out.append(Delivered(delivered(payload, origin=origin), topic, 0, len(out)))
    return out


def loads_per_kind(stories: int) -> dict[tuple[str, str], int]:
    store = CountingStore()
    with store.transaction():
        Projector(PROJECTIONS, store).apply(None, chunk(stories))
    return store.loads


def test_a_chunk_loads_each_kind_of_row_in_at_most_one_query_a_stage() -> None:
    """The same loads for one subject's events as for twenty subjects' in one chunk."""
    one, many = loads_per_kind(1), loads_per_kind(SUBJECTS)
    assert many == one
    assert max(many.values()) <= 2  # `reads`, then `then_reads`
