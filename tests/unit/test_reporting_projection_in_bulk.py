"""Reporting's runs of enrolments and decision events applied at once leave what applying them
one after another leaves: the same beneficiaries and decisions, at the same status and
approvals. Checked on random histories of a few beneficiaries and decisions, cut into chunks
as the consumer receives them."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import cast

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from services.reporting.application import Projection, ProjectionInBulk
from services.reporting.interfaces.batches import batch_effects
from services.reporting.interfaces.consumers import effects
from services.reporting.persistence.memory import InMemoryReadModel
from shared.contracts import DecodedEvent
from shared.contracts.base import Contract
from shared.contracts.grants_decisions import (
    DecisionAmendedV1,
    DecisionAppealDecidedV1,
    DecisionAppealedV1,
    DecisionApprovedInListV1,
    DecisionAuthorisedV1,
    DecisionCancelledV1,
)
from shared.contracts.intake import (
    BeneficiariesMergedV1,
    BeneficiaryCategoryRecognisedV1,
    BeneficiaryMovedV1,
    BeneficiaryStatusChangedV1,
)
from shared.messaging.deliveries import (
    BatchEffect,
    Delivery,
    RunEffect,
    Traced,
    apply_in_runs,
)
from shared.messaging.records import Record
from tests.unit.delivered import delivered
from tests.unit.test_reporting_projection import (
    FOOD_AID,
    TECHNICAL_AIDS,
    approved,
    enrolled,
    proposed,
    rejected,
)

PEOPLE = [uuid.UUID(int=i) for i in range(1, 4)]
DECISIONS = [uuid.UUID(int=100 + i) for i in range(1, 4)]
PROVINCES = ["KHN", "LAR"]


@dataclass(frozen=True)
class Step:
    kind: str
    who: int  # which person or decision
    variant: int = 0  # which province, programme, category, outcome...


PERSON_STEPS = ["enrol", "move", "status", "category", "merge"]
DECISION_STEPS = [
    "propose",
    "approve",
    "authorise",
    "approve_in_list",
    "reject",
    "appeal",
    "appeal_decided",
    "cancel",
    "amend",
]

steps = st.builds(
    Step, st.sampled_from(PERSON_STEPS + DECISION_STEPS), st.integers(0, 2), st.integers(0, 1)
)


def payload(step: Step) -> Contract:
    person, decision = PEOPLE[step.who], DECISIONS[step.who]
    province, yes = PROVINCES[step.variant], step.variant == 1
    step_of = {"decision_id": decision, "actor": "approver-2", "reason": None}
    match step.kind:
        case "enrol":
            return enrolled(person, province, *(["disability"] if yes else ["elderly"]))
        case "move":
            return BeneficiaryMovedV1(
                beneficiary_id=person, province_code=province, commune_code=f"{province}01"
            )
        case "status":
            return BeneficiaryStatusChangedV1(
                beneficiary_id=person, status="suspended" if yes else "exited"
            )
        case "category":
            return BeneficiaryCategoryRecognisedV1(beneficiary_id=person, category="orphan")
        case "merge":
            return BeneficiariesMergedV1(duplicate_id=person, survivor_id=PEOPLE[0])
        case "propose":
            programme = FOOD_AID if yes else TECHNICAL_AIDS
            return proposed(decision, province, programme, needs_authorisation=yes)
        case "approve":
            return approved(decision)
        case "authorise":
            return DecisionAuthorisedV1(**step_of)
        case "approve_in_list":
            return DecisionApprovedInListV1(
                **step_of, payment_list_id=uuid.UUID(int=9), approvers=["a", "b"]
            )
        case "reject":
            return rejected(decision)
        case "appeal":
            return DecisionAppealedV1(**step_of)
        case "appeal_decided":
            return DecisionAppealDecidedV1(**step_of, outcome="upheld" if yes else "dismissed")
        case "cancel":
            return DecisionCancelledV1(**step_of)
        case _:
            return DecisionAmendedV1(
                **step_of, amount=None, items=["Cane"], needs_authorisation=yes
            )


def runs_of(batches: Mapping[str, BatchEffect]) -> dict[str, RunEffect]:
    """The batch effects as the inbox calls them (no spans: no trace to record)."""

    def run_of(batch: BatchEffect) -> RunEffect:
        def run(deliveries: Sequence[Delivery], session: Session) -> None:
            batch([Traced(d.event, None) for d in deliveries], session)

        return run

    return {kind: run_of(batch) for kind, batch in batches.items()}


def one_by_one(events: Sequence[DecodedEvent]) -> InMemoryReadModel:
    read_model = InMemoryReadModel()
    react = effects(Projection(read_model))
    for event in events:
        with read_model.transaction() as session:
            react[event.type](event, session)
    return read_model


def in_runs(events: Sequence[DecodedEvent], chunk: int) -> InMemoryReadModel:
    """As the consumer applies its chunks: runs of a kind with a batch effect together."""
    read_model = InMemoryReadModel()
    react = effects(Projection(read_model))
    runs = runs_of(batch_effects(ProjectionInBulk(read_model)))
    nowhere = Record("grants", 0, 0, None, None)
    for start in range(0, len(events), chunk):
        deliveries = [Delivery(e, nowhere, react[e.type]) for e in events[start : start + chunk]]
        with read_model.transaction() as session:
            apply_in_runs(deliveries, {}, runs, cast(Session, session))
    return read_model


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(steps, min_size=1, max_size=20), st.integers(1, 20))
def test_runs_of_messages_leave_what_one_after_another_leaves(
    history: list[Step], chunk: int
) -> None:
    events = [delivered(payload(step)) for step in history]

    assert vars(in_runs(events, chunk)) == vars(one_by_one(events))


def test_a_run_proposing_a_decision_twice_keeps_the_first_and_steps_it_in_order() -> None:
    decision, other = DECISIONS[0], DECISIONS[1]
    in_list = DecisionApprovedInListV1(
        decision_id=other, actor="a", reason=None, payment_list_id=uuid.UUID(int=9), approvers=[]
    )
    history = [
        proposed(decision, "KHN", needs_authorisation=True),
        proposed(decision, "LAR"),
        proposed(other, "LAR"),
        enrolled(PEOPLE[0], "KHN", "disability"),
        enrolled(PEOPLE[0], "LAR", "elderly"),
        approved(decision),
        approved(uuid.uuid4()),  # its proposal never came: left out
        DecisionAuthorisedV1(decision_id=decision, actor="b", reason=None),
        in_list,
        in_list,
    ]
    events = [delivered(p) for p in history]

    bulk = in_runs(events, chunk=len(events))

    assert vars(bulk) == vars(one_by_one(events))
    [group_khn] = [g for g in bulk.decision_groups() if g.province_code == "KHN"]
    assert (group_khn.status, group_khn.count) == ("approved", 1)
    [person] = bulk.beneficiary_groups()
    assert (person.province_code, person.categories) == ("KHN", frozenset({"disability"}))
