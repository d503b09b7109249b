"""Two grants instances in one consumer group on real Kafka and PostgreSQL (issue 9): they
share intake's partitions and make every proposal once; then, approving concurrently through
both HTTP apps against a small envelope, it never goes below zero and both read it exact."""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import UUID

import httpx

from services.grants.domain.envelope import Envelope
from services.grants.domain.programme import Programme
from services.grants.domain.reference_programmes import (
    EMERGENCY_AID,
    FLOOD_RELIEF_2026_02,
    FLOODS_2026_02,
    HOUSING_AID,
    LARACHE,
)
from services.grants.persistence.event_store import GrantsEventStore
from shared.auth import Role
from shared.runtime import ServiceRuntime
from tests.infra import require_infra
from tests.integration.relief_claims import claim_relief
from tests.integration.test_walking_skeleton import FATIMA
from tests.platform import Platform, eventually, kafka_platform, token

HOUSEHOLDS = 12
EMERGENCY = 600_000  # 6,000.00 MAD per evacuated household, in centimes
ALLOCATION = "30000.00"  # room for five of the twelve
INTAKE_PARTITIONS = 5 * 3  # beneficiaries, households, claims, institutions, associations x 3
CASEWORKER = token(Role.CASEWORKER, provinces=(LARACHE,), subject="cw-larache")
FLOODS = Programme.create_id(FLOOD_RELIEF_2026_02)


def mad(centimes: int) -> str:
    return f"{centimes // 100}.{centimes % 100:02d}"


def assigned(runtime: ServiceRuntime) -> set[Any]:
    """The intake partitions this replica's consumer holds now."""
    broker: Any = runtime.transport.broker  # type: ignore[attr-defined]
    return {
        tp for s in broker.subscribers if s.consumer is not None for tp in s.consumer.assignment()
    }


async def sharing_partitions(replicas: list[ServiceRuntime]) -> None:
    async def shared() -> bool:
        a, b = (assigned(r) for r in replicas)
        return bool(a) and bool(b) and not a & b and len(a | b) == INTAKE_PARTITIONS

    await eventually(shared, 30.0, "both grants replicas to hold intake's partitions")


async def flood_hit_household(platform: Platform, intake: httpx.AsyncClient, n: int) -> UUID:
    """Recorded by intake, and claimed by the family (the relief is proposed on its claim)."""
    head = {**FATIMA, "cin": f"LR{n:06d}", "province_code": LARACHE, "commune_code": "LAR-001",
            "categories": [{"category": "disaster_affected", "evidence": "flood census",
                            "since": "2026-02-10"}]}  # fmt: skip
    enrolled = await intake.post("/beneficiaries", json=head)
    assert enrolled.status_code == 201, enrolled.text
    registered = await intake.post(
        "/households",
        json={"head_id": enrolled.json()["beneficiary_id"], "province_code": LARACHE,
              "commune_code": "LAR-001", "douar": "Douar Oulad Ogbane", "address": f"Maison {n}"},
    )  # fmt: skip
    assert registered.status_code == 201, registered.text
    household_id = UUID(registered.json()["household_id"])
    recorded = await intake.put(
        f"/households/{household_id}/disaster-impacts/{FLOODS_2026_02}",
        json={"evacuated": True, "damage": "destroyed"},
    )
    assert recorded.status_code == 204, recorded.text
    await claim_relief(platform, str(household_id), enrolled.json()["beneficiary_id"], LARACHE)
    return household_id


def stored_proposals(store: GrantsEventStore) -> list[UUID]:
    """The originator of every `Proposed` event in grants' notification log."""
    notifications = store.recorder.select_notifications(start=1, limit=100_000)
    proposed = [n for n in notifications if n.topic.endswith("Decision.Proposed")]
    return [UUID(str(n.originator_id)) for n in proposed]


async def proposals_made_once(platform: Platform, households: list[UUID]) -> dict[UUID, UUID]:
    """Per household, its emergency aid proposal, once every proposal is there exactly once."""
    replicas = [platform.grants, *platform.grants_replicas]
    store: GrantsEventStore = platform.grants.http.state.grants

    async def all_there() -> bool:
        return len(stored_proposals(store)) >= 2 * len(households)

    await eventually(all_there, 30.0, "grants to propose relief for every household")
    await asyncio.sleep(1.0)  # a doubled proposal would show up now
    stored = stored_proposals(store)
    assert len(stored) == len(set(stored)) == 2 * len(households)  # no doubles, none missing
    emergency: dict[UUID, UUID] = {}
    for replica in replicas:  # each replica reads the same proposals
        proposals = replica.http.state.proposals
        for household_id in households:
            found = [proposals.get(i) for i in proposals.of_subject(household_id)]
            components = sorted(d.component for d in found if d is not None)
            assert components == sorted([EMERGENCY_AID, HOUSING_AID]), household_id
            emergency[household_id] = next(
                d.id for d in found if d is not None and d.component == EMERGENCY_AID
            )
    consumers = [r.consumers[0] for r in replicas]
    assert all(c.applied > 0 for c in consumers)  # the partitions were shared, and used
    assert not any(c.dead_lettered for c in consumers)
    return emergency


async def approve_all_twice(
    clients: list[httpx.AsyncClient], decisions: list[UUID]
) -> list[tuple[UUID, httpx.Response]]:
    """Every decision approved once through each replica, by two approvers, all at once."""
    calls = [
        (d, clients[(i + k) % 2].post(f"/decisions/{d}/approve", json={"reason": "evacuated"}))
        for i, d in enumerate(decisions)
        for k in (0, 1)
    ]
    responses = await asyncio.gather(*(call for _, call in calls))
    return [(d, r) for (d, _), r in zip(calls, responses, strict=True)]


async def test_two_grants_replicas_share_intake_and_never_hold_more_than_the_envelope() -> None:
    require_infra()
    async with kafka_platform(grants_replicas=2) as platform:
        replicas = [platform.grants, *platform.grants_replicas]
        await sharing_partitions(replicas)
        async with platform.client(platform.intake, CASEWORKER) as intake:
            households = [await flood_hit_household(platform, intake, n) for n in range(HOUSEHOLDS)]
        emergency = await proposals_made_once(platform, households)

        admins = [platform.client(r, token(Role.ADMIN, subject="admin-1")) for r in replicas]
        approvers = [
            platform.client(r, token(Role.APPROVER, provinces=(LARACHE,), subject=f"ap-{n}"))
            for n, r in enumerate(replicas)
        ]
        async with admins[0], admins[1], approvers[0], approvers[1]:
            opened = await admins[0].post(
                "/envelopes",
                json={"programme_id": str(FLOODS), "cycle_id": FLOODS_2026_02,
                      "province_code": LARACHE, "reason": "Larache declared a disaster zone"},
            )  # fmt: skip
            assert opened.status_code == 201, opened.text
            envelope_id = opened.json()["envelope_id"]
            assert UUID(envelope_id) == Envelope.create_id(FLOODS, FLOODS_2026_02, LARACHE)
            credited = await admins[1].post(
                f"/envelopes/{envelope_id}/allocations",
                json={"amount": ALLOCATION, "reason": "emergency tranche"},
            )
            assert credited.status_code == 200, credited.text

            outcomes = await approve_all_twice(approvers, list(emergency.values()))

            approved = [d for d, r in outcomes if r.status_code == 200]
            refused = [r for _, r in outcomes if r.status_code != 200]
            assert len(approved) == len(set(approved))  # no decision approved twice
            assert len(approved) * EMERGENCY <= 3_000_000
            for response in refused:
                assert response.status_code == 409, response.text
                assert response.json()["error"] == "conflict", response.text
            statements = [(await a.get(f"/envelopes/{envelope_id}")).json() for a in admins]
            listed = [
                await ap.get("/decisions", params={"status": "approved", "limit": 100})
                for ap in approvers
            ]
        envelopes = [s["envelope"] for s in statements]
        assert envelopes[0] == envelopes[1]  # both replicas read the same envelope
        [envelope] = envelopes[:1]
        held = len(approved) * EMERGENCY
        assert (envelope["allocated"], envelope["held"]) == (ALLOCATION, mad(held))
        assert envelope["available"] == mad(3_000_000 - held)
        assert envelope["version"] == 2 + len(approved)  # opened, credited, one hold each
        for found in listed:
            assert sorted(d["decision_id"] for d in found.json()["items"]) == sorted(
                str(d) for d in approved
            )
        # The envelope was used up, unless some approvals lost their race for good.
        lost = [r for r in refused if "changed meanwhile" in r.text]
        assert len(approved) == 5 or lost
