"""A chunk of messages reads the store a few times whatever its size: every row a handler
reads is declared (`On.reads`, `On.then_reads`) and loaded for the whole chunk at once. A
read left undeclared is a query per message, which under a steady load was half of
reporting's time (bench/projection_lag.py)."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping

import pytest

from services.reporting.application import Delivered, Projector
from services.reporting.application.projection_ports import Generation
from services.reporting.application.projections.catalogue import PROJECTIONS
from services.reporting.domain.history import Kind, Row
from services.reporting.persistence.projection_memory import MemoryProjectionStore
from shared.contracts.base import Contract
from shared.contracts.intake import (
    BeneficiaryCategoryRecognisedV1,
    BeneficiaryMovedV1,
    BeneficiaryStatusChangedV1,
)
from tests.unit.delivered import delivered
from tests.unit.test_reporting_projection import approved, enrolled, proposed, topic_of


class CountingStore(MemoryProjectionStore):
    def __init__(self) -> None:
        super().__init__(PROJECTIONS)
        self.loads = 0

    def current(
        self, session: object, generation: Generation, kind: Kind, keys: Collection[str]
    ) -> Mapping[str, Row]:
        self.loads += 1
        return super().current(session, generation, kind, keys)


def apply_chunk(store: CountingStore, payloads: list[Contract]) -> int:
    """The loads one chunk of these messages costs."""
    projector = Projector(PROJECTIONS, store)
    messages = [
        Delivered(delivered(p, origin=topic_of(p).split(".")[0]), topic_of(p), 0, offset)
        for offset, p in enumerate(payloads)
    ]
    store.loads = 0
    with store.transaction():
        projector.apply(None, messages)
    return store.loads


def loads_for(n: int) -> tuple[int, int]:
    """(loads of a chunk of n enrolments and n proposals, loads of a later chunk of n
    approvals and n changes to those beneficiaries)."""
    store = CountingStore()
    people = [uuid.uuid4() for _ in range(n)]
    decisions = [uuid.uuid4() for _ in range(n)]
    first = apply_chunk(
        store,
        [enrolled(p, "KHN", "disability") for p in people]
        + [proposed(d, "KHN") for d in decisions],
    )
    later: list[Contract] = [approved(d) for d in decisions]
    for p in people:
        later += [
            BeneficiaryMovedV1(beneficiary_id=p, province_code="LAR", commune_code="LAR-001"),
            BeneficiaryStatusChangedV1(beneficiary_id=p, status="suspended"),
            BeneficiaryCategoryRecognisedV1(beneficiary_id=p, category="elderly_without_support"),
        ]
    return first, apply_chunk(store, later)


@pytest.mark.parametrize("n", [10, 60])
def test_a_chunk_reads_the_store_as_often_as_one_of_a_single_message(n: int) -> None:
    assert loads_for(n) == loads_for(1)
