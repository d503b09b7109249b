"""A line's decision cancelled after its payment list was drawn up (its household's head gone
from intake): the list is never approved with it. Before the first approval the line is taken
out; after it, the list is withdrawn and its other lines go in a new list."""

from __future__ import annotations

import pytest

from services.grants.domain.decision import Decision
from services.grants.domain.decision_rules import AccessRule, DecisionStatus
from services.grants.domain.payment_list import PaymentList
from services.grants.domain.reference_programmes import LARACHE
from services.grants.persistence.records import EventStoreSaves
from shared.money import Money
from shared.rules import BusinessRuleBroken
from tests.unit.grants_use_cases import Grants, approver, caseworker, in_memory_grants
from tests.unit.test_grants_payment_list_use_cases import evacuated, flood_envelope, new_list


def cancelled(grants: Grants, decision: Decision) -> None:
    gone = grants.decisions.decision(decision.id)
    gone.cancel(actor="grants", reason="the household's head: personal data erased")
    EventStoreSaves(grants.store).save(gone)


def approved_twice(grants: Grants, the_list: PaymentList) -> PaymentList:
    for user in ("a1", "a2"):
        the_list = grants.payment_lists.approve(
            the_list.id, approver(user, LARACHE), digest=the_list.digest, reason=None
        )
    return the_list


def test_a_cancelled_line_is_refused_at_approval_until_it_is_taken_out() -> None:
    grants = in_memory_grants()
    envelope_id = flood_envelope(grants, "30000.00")
    gone, *staying = evacuated(grants, 3)
    drawn = grants.payment_lists.draw_up(new_list(), caseworker("cw", LARACHE))
    cancelled(grants, gone)
    with pytest.raises(BusinessRuleBroken) as refused:
        grants.payment_lists.approve(
            drawn.id, approver("a1", LARACHE), digest=drawn.digest, reason=None
        )
    assert (refused.value.field, refused.value.conflict) == ("lines", True)
    assert refused.value.rule.changed == (str(gone.id),)  # type: ignore[attr-defined]
    with pytest.raises(BusinessRuleBroken) as no_reason:
        grants.payment_lists.remove_line(drawn.id, gone.id, caseworker("cw", LARACHE), reason="")
    assert no_reason.value.field == "reason"
    with pytest.raises(BusinessRuleBroken) as elsewhere:
        grants.payment_lists.remove_line(drawn.id, gone.id, caseworker("cw", "KEN"), reason="x")
    assert isinstance(elsewhere.value.rule, AccessRule)
    shorter = grants.payment_lists.remove_line(
        drawn.id, gone.id, caseworker("cw", LARACHE), reason="head erased in intake"
    )
    assert (shorter.count, shorter.total) == (2, Money.mad("12000.00"))
    done = approved_twice(grants, shorter)
    assert done.is_approved
    assert {d.id for d in grants.decisions.all() if d.status is DecisionStatus.APPROVED} == {
        d.id for d in staying
    }
    assert grants.ledger.envelope(envelope_id).held == Money.mad("12000.00")  # type: ignore[arg-type]


def test_a_list_frozen_before_the_cancellation_is_withdrawn_and_drawn_up_again() -> None:
    grants = in_memory_grants()
    envelope_id = flood_envelope(grants, "30000.00")
    gone, *staying = evacuated(grants, 3)
    drawn = grants.payment_lists.draw_up(new_list(), caseworker("cw", LARACHE))
    grants.payment_lists.approve(
        drawn.id, approver("a1", LARACHE), digest=drawn.digest, reason=None
    )
    cancelled(grants, gone)
    with pytest.raises(BusinessRuleBroken) as refused:
        grants.payment_lists.approve(
            drawn.id, approver("a2", LARACHE), digest=drawn.digest, reason=None
        )
    assert refused.value.field == "lines"
    with pytest.raises(BusinessRuleBroken) as frozen:
        grants.payment_lists.remove_line(drawn.id, gone.id, caseworker("cw", LARACHE), reason="x")
    assert frozen.value.conflict
    with pytest.raises(BusinessRuleBroken) as not_an_approver:
        grants.payment_lists.withdraw(drawn.id, caseworker("cw", LARACHE), reason="stale line")
    assert isinstance(not_an_approver.value.rule, AccessRule)
    withdrawn = grants.payment_lists.withdraw(
        drawn.id, approver("a2", LARACHE), reason="a household's head was erased after approval"
    )
    assert withdrawn.withdrawn
    with pytest.raises(BusinessRuleBroken) as again:
        grants.payment_lists.approve(
            drawn.id, approver("a2", LARACHE), digest=drawn.digest, reason=None
        )
    assert again.value.conflict
    redrawn = grants.payment_lists.draw_up(new_list(), caseworker("cw", LARACHE))
    assert (redrawn.number, set(redrawn.lines)) == (2, {d.id for d in staying})
    assert approved_twice(grants, redrawn).is_approved
    assert grants.ledger.envelope(envelope_id).held == Money.mad("12000.00")  # type: ignore[arg-type]


def test_a_list_approved_in_full_cannot_be_withdrawn() -> None:
    grants = in_memory_grants()
    flood_envelope(grants, "30000.00")
    evacuated(grants, 2)
    done = approved_twice(
        grants, grants.payment_lists.draw_up(new_list(), caseworker("cw", LARACHE))
    )
    with pytest.raises(BusinessRuleBroken) as refused:
        grants.payment_lists.withdraw(done.id, approver("a1", LARACHE), reason="too late")
    assert refused.value.conflict
