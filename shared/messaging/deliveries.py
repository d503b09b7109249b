"""What the inbox applies: a decoded message with its effect, and runs of messages of one
kind handed to a batch effect at once.

A consumer whose effect for some kind of message reads and writes row by row can offer a
batch effect for it as well: consecutive messages of that kind in a chunk (those not applied
before) go to it together, in delivery order, in the chunk's one transaction; kinds given the
same batch effect make one run. It must leave
what applying them one by one would leave; when it fails the chunk is rolled back and applied
one by one with the single effects, which stay the reference.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from enum import Enum
from typing import NamedTuple

from opentelemetry.trace import Span
from sqlalchemy.orm import Session

from shared.contracts import DecodedEvent
from shared.messaging.records import Record
from shared.tracing import current_traceparent

Effect = Callable[[DecodedEvent, Session], None]


class Delivery(NamedTuple):
    """A decoded message and the effect this consumer has for it."""

    event: DecodedEvent
    record: Record
    effect: Effect


class Traced(NamedTuple):
    """A message of a batch, with the trace context of its own span to record, and where it
    was read."""

    event: DecodedEvent
    traceparent: str | None
    record: Record | None = None


BatchEffect = Callable[[Sequence[Traced], Session], None]
RunEffect = Callable[[Sequence[Delivery], Session], None]  # what the inbox calls


class Outcome(Enum):
    APPLIED = "applied"
    ALREADY_APPLIED = "already applied"
    ALREADY_DEAD_LETTERED = "already dead-lettered"


def apply_in_runs(
    deliveries: Sequence[Delivery],
    settled: dict[tuple[str, int], Outcome],
    runs: Mapping[str, RunEffect],
    session: Session,
) -> tuple[list[Outcome], list[Delivery]]:
    """Each delivery's outcome, and those applied now: with their single effect, or in a run
    of one kind that has a run effect. `settled` (applied or dead-lettered before) grows
    with them, so a message twice in `deliveries` is applied the first time."""
    outcomes: list[Outcome] = []
    applied: list[Delivery] = []
    run: list[Delivery] = []
    for delivery in deliveries:
        envelope = delivery.event.envelope
        key = (envelope.origin, envelope.position)
        outcome = settled.get(key)
        if outcome is None:
            effect = runs.get(delivery.event.type)
            if run and runs[run[0].event.type] is not effect:
                runs[run[0].event.type](run, session)
                run = []
            if effect is not None:
                run.append(delivery)
            else:
                delivery.effect(delivery.event, session)
            applied.append(delivery)
            settled[key] = Outcome.ALREADY_APPLIED
            outcome = Outcome.APPLIED
        outcomes.append(outcome)
    if run:
        runs[run[0].event.type](run, session)
    return outcomes, applied


def traced_runs(
    batches: Mapping[str, BatchEffect],
    span: Callable[[Delivery], AbstractContextManager[Span]],
) -> dict[str, RunEffect]:
    """The batch effects as the inbox calls them: each message's trace context read in its
    own span, as its single effect would record it."""

    def run_of(batch: BatchEffect) -> RunEffect:
        def run(deliveries: Sequence[Delivery], session: Session) -> None:
            traced: list[Traced] = []
            for delivery in deliveries:
                with span(delivery):
                    traced.append(Traced(delivery.event, current_traceparent(), delivery.record))
            batch(traced, session)

        return run

    # One run effect per batch effect: kinds sharing one (a household's registration and
    # impacts, say) make one run.
    wrapped: dict[int, RunEffect] = {}
    runs: dict[str, RunEffect] = {}
    for kind, batch in batches.items():
        if id(batch) not in wrapped:
            wrapped[id(batch)] = run_of(batch)
        runs[kind] = wrapped[id(batch)]
    return runs
