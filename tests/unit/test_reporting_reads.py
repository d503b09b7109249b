"""Every grants-side handler says which rows it reads, so a chunk of any size loads each kind's
rows once (one query per kind), never one query per event."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Collection, Mapping

from services.reporting.application import Delivered, Projector
from services.reporting.application.projection_ports import Generation
from services.reporting.application.projections.catalogue import PROJECTIONS
from services.reporting.domain.history import Kind, Row
from services.reporting.persistence.projection_memory import MemoryProjectionStore
from shared.contracts.base import Contract
from shared.contracts.grants_decisions import DecisionApprovedV1, DecisionCancelledV1
from shared.contracts.grants_orders import (
    PaymentConfirmedV1,
    PaymentFailedV1,
    PaymentRetriedV1,
    PaymentReversedV1,
    PaymentSentV1,
)
from tests.unit.delivered import delivered
from tests.unit.grants_events import Ledger, payment_order, programme, proposal, step, topic_of


class CountingStore(MemoryProjectionStore):
    def __init__(self) -> None:
        super().__init__(PROJECTIONS)
        self.loads: Counter[tuple[str, str]] = Counter()

    def current(
        self, session: object, generation: Generation, kind: Kind, keys: Collection[str]
    ) -> Mapping[str, Row]:
        self.loads[(generation.projection, kind.name)] += 1
        return super().current(session, generation, kind, keys)


def subject(floods: uuid.UUID, ledger: Ledger) -> list[Contract]:
    d, o = uuid.uuid4(), uuid.uuid4()
    province = ledger.province
    return [
        proposal(d, floods, province, 600_000),
        DecisionApprovedV1(decision_id=d, actor="approver", reason=None),
        ledger.hold(d, 600_000),
        payment_order(o, floods, province, 300_000, 300_000, decision_id=d),
        step(PaymentSentV1, o, 1),
        step(PaymentConfirmedV1, o, 1),
        ledger.post(d, 300_000),
        step(PaymentSentV1, o, 2),
        step(PaymentFailedV1, o, 2, reason="AC04"),
        ledger.release(d, 300_000),
        step(PaymentRetriedV1, o, 2),
        step(PaymentReversedV1, o, 1, reason="MD06"),
        DecisionCancelledV1(decision_id=d, actor="grants", reason="exited"),
    ]


def test_a_chunk_loads_each_kind_once_whatever_its_size() -> None:
    store = CountingStore()
    projector = Projector(PROJECTIONS, store)
    floods = uuid.uuid4()
    ledgers = [Ledger(floods, "floods", province) for province in ("LAR", "KEN")]
    first: list[Contract] = [programme(floods, "flood-relief", disaster="floods")]
    first += [e for ledger in ledgers for e in (ledger.opened(), ledger.allocate(10**10))]
    subjects = [subject(floods, ledgers[i % 2]) for i in range(40)]
    # A chunk per step (every subject's proposal, then every approval, ...), so each
    # handler's reads are the only ones of its chunk.
    steps = [[events[n] for events in subjects] for n in range(len(subjects[0]))]
    for payloads in (first, *steps):
        store.loads.clear()
        messages = [
            Delivered(delivered(p, origin="grants"), topic_of(p), 0, n)
            for n, p in enumerate(payloads)
        ]
        assert projector.apply(None, messages) > 0
        assert store.loads, "the chunk read nothing"
        assert max(store.loads.values()) == 1, store.loads
