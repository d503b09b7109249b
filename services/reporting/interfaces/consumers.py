"""Reporting's reaction to intake's and grants' messages: every one goes to the projector, in
runs (the consumer's batch effects), inside the inbox's transaction, so the projections' rows,
their positions and the inbox row commit together."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from services.reporting.application import Delivered, Projector
from shared.contracts import DecodedEvent
from shared.messaging.deliveries import BatchEffect, Effect, Traced


def delivered(messages: Sequence[Traced]) -> list[Delivered]:
    out = []
    for m in messages:
        assert m.record is not None  # the consumer says where each was read
        out.append(Delivered(m.event, m.record.topic, m.record.partition, m.record.offset))
    return out


def projector_effects(projector: Projector) -> tuple[dict[str, Effect], dict[str, BatchEffect]]:
    """One batch effect for every type a projection reads (so a chunk is one run); the
    consumer runs with `runs_only`, so the single effects are never called."""

    def run(messages: Sequence[Traced], session: Session) -> None:
        projector.apply(session, delivered(messages))

    def single(event: DecodedEvent, _: Session) -> None:
        raise RuntimeError(f"{event.type}: reporting applies messages only in runs")

    types = sorted(projector.event_types())
    return {t: single for t in types}, {t: run for t in types}
