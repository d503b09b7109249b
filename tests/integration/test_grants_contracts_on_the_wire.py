"""What grants stores comes out on its topics through the relay, as its versioned contracts:
an envelope's movements with the balances after each, and a decision's steps."""

from __future__ import annotations

import uuid
from typing import Any

from services.grants.application import EnvelopeLedger
from services.grants.domain.actors import APPROVER, Actor
from services.grants.domain.eligibility import HouseholdFacts, assess_household
from services.grants.domain.programme import Programme
from services.grants.domain.programme_terms import Cycle
from services.grants.domain.proposal import propose
from services.grants.domain.reference_programmes import (
    FLOOD_RELIEF_2026_02,
    FLOODS_2026_02,
    HOUSING_AID,
    reference_programme,
)
from shared.contracts import default_registry
from shared.money import Money
from tests.platform import Platform, eventually


async def decoded(platform: Platform, topic: str, aggregate_id: uuid.UUID) -> list[Any]:
    registry = default_registry()
    records = await platform.read_topic(topic)
    events = [registry.decode(r.value) for r in records if r.value is not None]
    return sorted(
        (e for e in events if e.envelope.aggregate_id == aggregate_id),
        key=lambda e: e.envelope.aggregate_version,
    )


async def test_envelope_movements_come_out_with_their_balances(platform: Platform) -> None:
    ledger: EnvelopeLedger = platform.grants.http.state.envelopes
    envelope_id = ledger.open_envelope(
        programme_id=uuid.uuid4(), cycle_id="2021", province_code="KHN", actor="admin", reason="r"
    )
    ledger.allocate(envelope_id, amount=Money.mad("4628411.00"), actor="admin", reason="law")
    hold = uuid.uuid4()
    ledger.place_hold(
        envelope_id, hold_id=hold, amount=Money.mad("1468411.37"), actor="ap-1", reason="ok"
    )

    async def all_out() -> bool:
        return len(await decoded(platform, "grants.envelopes", envelope_id)) == 3

    await eventually(all_out, what="the envelope's three events on grants.envelopes")
    opened, allocated, placed = await decoded(platform, "grants.envelopes", envelope_id)
    assert [e.type for e in (opened, allocated, placed)] == [
        "EnvelopeOpened",
        "EnvelopeAllocated",
        "EnvelopeHoldPlaced",
    ]
    assert placed.envelope.schema_version == 1
    assert (placed.envelope.actor, placed.envelope.reason) == ("ap-1", "ok")
    after = placed.payload.model_dump(mode="json")["balances_after"]
    assert after["held"] == {"amount": "1468411.37", "currency": "MAD"}
    assert after["available"] == {"amount": "3159999.63", "currency": "MAD"}


async def test_a_decision_comes_out_proposed_then_approved(platform: Platform) -> None:
    cycle = Cycle.disaster(FLOODS_2026_02)
    programme = Programme.create(reference_programme(FLOOD_RELIEF_2026_02), actor="admin")
    programme.open_cycle(cycle, actor="admin")
    facts = HouseholdFacts(uuid.uuid4(), "SKC", FLOODS_2026_02, False, "destroyed")
    assessment = assess_household(programme.terms, facts, claimed=True)
    decision = propose(programme, cycle, assessment, HOUSING_AID, actor="grants")
    decision.approve(Actor("ap-1", frozenset({APPROVER}), frozenset({"SKC"})), reason="seen")
    platform.grants.http.state.grants.save(decision)

    async def both_out() -> bool:
        return len(await decoded(platform, "grants.decisions", decision.id)) == 2

    await eventually(both_out, what="the decision's two events on grants.decisions")
    proposed, approved = await decoded(platform, "grants.decisions", decision.id)
    assert (proposed.type, approved.type) == ("DecisionProposed", "DecisionApproved")
    assert proposed.payload.model_dump(mode="json")["amount"] == {
        "amount": "140000.00",
        "currency": "MAD",
    }
    assert approved.envelope.actor == "ap-1"
