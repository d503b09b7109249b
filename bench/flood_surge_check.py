"""The flood surge's checks, read from the services' own stores after the run: whether grants
has taken the census in (before the timed part), whether every order was answered, and that
every eligible household got exactly one order per component it qualifies for, paid in full,
nobody else any, and every envelope balanced to the centime."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any
from uuid import UUID

from sqlalchemy import func, select, text

from bench.flood_surge_census import DECLARED, FLOODS, Family
from services.grants.domain.envelope import Envelope
from services.grants.domain.order_values import order_id
from services.grants.domain.programme import Programme
from services.grants.domain.reference_programmes import FLOOD_RELIEF_2026_02
from services.grants.persistence.event_store import GrantsEventStore
from services.grants.persistence.record_index_rows import order_index
from services.intake.application import Intake
from services.intake.application.sealing import Sealing
from services.intake.bootstrap import event_store_of
from shared.config import Settings
from shared.eventsourcing_internals import engine_of
from shared.eventsourcing_internals.loading import load_many

PROGRAMME = Programme.create_id(FLOOD_RELIEF_2026_02)
ANSWERED = ("paid", "failed", "reversed")


def _count(grants: GrantsEventStore, sql: str) -> int:
    with engine_of(grants).connect() as conn:
        return int(conn.execute(text(sql)).scalar_one())


async def facts_known(grants: GrantsEventStore, families: list[Family]) -> bool:
    """Grants has every household and every recorded impact from intake's census."""
    affected = sum(f.affected for f in families)

    def known() -> bool:
        return (
            _count(grants, "SELECT count(*) FROM grants_household_facts") >= len(families)
            and _count(grants, "SELECT count(*) FROM grants_household_impacts") >= affected
        )

    return await asyncio.to_thread(known)


async def orders_answered(grants: GrantsEventStore, expected: int) -> bool:
    def answered() -> bool:
        with engine_of(grants).connect() as conn:
            query = select(func.count()).where(order_index.c.status.in_(ANSWERED))
            return int(conn.execute(query).scalar_one()) >= expected

    return await asyncio.to_thread(answered)


def heads_of(intake: Intake, families: list[Family]) -> dict[int, UUID]:
    """Each family's head in intake, found as the webhook finds them: by the keyed hash of
    the national ID."""
    sealing = Sealing(Settings().intake_lookup_secret.get_secret_value())
    by_hash = {sealing.national_id_hash(f.cin): f.n for f in families}
    with engine_of(event_store_of(intake)).connect() as conn:
        rows = conn.execute(
            text("SELECT beneficiary_id, identity_hash FROM intake_beneficiary_index")
        )
        return {by_hash[row[1]]: row[0] for row in rows if row[1] in by_hash}


def households_of(intake: Intake, families: list[Family]) -> dict[int, UUID]:
    """Each family's household id in intake: the one its head heads."""
    family_of_head = {head: n for n, head in heads_of(intake, families).items()}
    with engine_of(event_store_of(intake)).connect() as conn:
        rows = conn.execute(text("SELECT household_id, head_id FROM intake_household_index"))
        return {family_of_head[head]: household for household, head in rows}


def check_orders(intake: Intake, store: GrantsEventStore, families: list[Family]) -> str:
    households = households_of(intake, families)
    owed: dict[UUID, tuple[int, str]] = {}
    for f in families:
        for component, centimes in f.components().items():
            owed[order_id(PROGRAMME, FLOODS, component, households[f.n])] = (centimes, f.province)
    ids = list(owed)
    found: dict[UUID, Any] = {}
    for start in range(0, len(ids), 2_000):
        found |= load_many(store, ids[start : start + 2_000])
    statuses = Counter(o.status for o in found.values())
    wrong = [i for i, o in found.items() if o.amount.centimes != owed[i][0]]
    unpaid = [i for i, o in found.items() if o.paid.centimes != owed[i][0]]
    with engine_of(store).connect() as conn:
        orders_total = int(conn.execute(select(func.count()).select_from(order_index)).scalar_one())
    paid_by_province = Counter[str]()
    for i, o in found.items():
        paid_by_province[owed[i][1]] += o.paid.centimes
    envelopes = load_many(store, [Envelope.create_id(PROGRAMME, FLOODS, p) for p in DECLARED])
    balanced = all(
        e.held.centimes == 0
        and e.disbursed.centimes == paid_by_province[e.province_code]
        and e.credited.centimes == e.disbursed.centimes + e.available.centimes
        for e in envelopes.values()
    )
    verdict = (
        len(found) == len(owed) and orders_total == len(owed) and not wrong and not unpaid
        and balanced and len(envelopes) == len(DECLARED)
    )  # fmt: skip
    disbursed = sum(e.disbursed.centimes for e in envelopes.values()) / 100
    return (
        f"check: {'OK' if verdict else 'FAILED'}: {len(owed):,} orders owed, {len(found):,} found, "
        f"{orders_total:,} in grants in all; statuses {dict(statuses)}; "
        f"{len(wrong)} wrong amounts, {len(unpaid)} not paid in full; "
        f"envelopes {'balanced' if balanced else 'NOT balanced'}, {disbursed:,.2f} MAD disbursed"
    )
