"""Where reporting says grants' decisions stand, step by step, from `grants.decisions` v1."""

from __future__ import annotations

import uuid

import pytest

from services.reporting.application import CountsReport
from shared.contracts.base import Contract
from shared.contracts.grants_decisions import (
    DecisionAmendedV1,
    DecisionAppealDecidedV1,
    DecisionAppealedV1,
    DecisionApprovedInListV1,
    DecisionAuthorisedV1,
    DecisionCancelledV1,
)
from tests.unit.test_reporting_projection import (
    InMemoryReadModel,
    approved,
    proposed,
    receive,
    rejected,
)


@pytest.fixture
def read_model() -> InMemoryReadModel:
    return InMemoryReadModel()


def status_after(read_model: InMemoryReadModel, *steps: Contract) -> dict[str, int]:
    receive(read_model, *steps)
    return CountsReport(read_model).counts(["*"]).decisions_by_status


def test_a_decision_needing_authorisation_is_approved_by_the_second_approval(
    read_model: InMemoryReadModel,
) -> None:
    d = uuid.uuid4()
    once = status_after(read_model, proposed(d, "KHN", needs_authorisation=True), approved(d))
    assert once == {"awaiting_authorisation": 1}
    authorised = DecisionAuthorisedV1(decision_id=d, actor="authoriser", reason=None)
    assert status_after(read_model, authorised) == {"approved": 1}


def test_an_upheld_appeal_counts_as_the_approval_the_rejection_refused(
    read_model: InMemoryReadModel,
) -> None:
    small, large, dismissed = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    receive(
        read_model,
        proposed(small, "KHN"),
        proposed(large, "KHN", needs_authorisation=True),
        proposed(dismissed, "KHN"),
    )
    for d in (small, large, dismissed):
        receive(read_model, rejected(d), DecisionAppealedV1(decision_id=d, actor="cw", reason="x"))
    assert status_after(read_model) == {"appealed": 3}

    upheld = {"actor": "approver-2", "reason": "evidence", "outcome": "upheld"}
    by_status = status_after(
        read_model,
        DecisionAppealDecidedV1(decision_id=small, **upheld),
        DecisionAppealDecidedV1(decision_id=large, **upheld),
        DecisionAppealDecidedV1(
            decision_id=dismissed, actor="approver-2", reason="no", outcome="dismissed"
        ),
    )

    assert by_status == {"approved": 1, "awaiting_authorisation": 1, "appeal_dismissed": 1}


def test_a_list_approval_and_a_cancellation_say_where_the_decision_stands(
    read_model: InMemoryReadModel,
) -> None:
    listed, cancelled = uuid.uuid4(), uuid.uuid4()
    by_status = status_after(
        read_model,
        proposed(listed, "LAR", needs_authorisation=True),
        proposed(cancelled, "LAR"),
        DecisionApprovedInListV1(
            decision_id=listed,
            payment_list_id=uuid.uuid4(),
            approvers=["a", "b"],
            actor="b",
            reason=None,
        ),
        DecisionCancelledV1(decision_id=cancelled, actor="grants", reason="exited"),
    )

    assert by_status == {"approved": 1, "cancelled": 1}


def test_a_repeated_proposal_changes_nothing_and_a_step_of_an_unknown_decision_is_left_out(
    read_model: InMemoryReadModel,
) -> None:
    d = uuid.uuid4()
    receive(read_model, proposed(d, "KHN"), approved(d), proposed(d, "LAR"), approved(uuid.uuid4()))

    counts = CountsReport(read_model).counts(["*"])
    assert (counts.decisions_proposed, counts.decisions_by_status) == (1, {"approved": 1})
    assert [p.province_code for p in counts.provinces] == ["KHN"]


def test_an_amended_proposal_needs_the_approvals_its_new_amount_needs(
    read_model: InMemoryReadModel,
) -> None:
    d = uuid.uuid4()
    amended = DecisionAmendedV1(
        decision_id=d, actor="grants", reason="corrected", amount=None, items=[],
        needs_authorisation=False,
    )  # fmt: skip
    receive(read_model, proposed(d, "KHN", needs_authorisation=True), amended)
    assert status_after(read_model, approved(d)) == {"approved": 1}
