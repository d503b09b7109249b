"""A service's consumer of other services' topics, on its transport."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from shared.contracts import default_registry
from shared.messaging.consumer import IdempotentConsumer
from shared.messaging.dead_letters import DeadLetters
from shared.messaging.deliveries import BatchEffect, Effect
from shared.messaging.inbox import Inbox
from shared.messaging.records import Transport


def subscribe_consumer(
    transport: Transport,
    *,
    name: str,
    topics: Sequence[str],
    effects: Mapping[str, Effect],
    inbox: Inbox,
    batch_effects: Mapping[str, BatchEffect] | None = None,
    attempts: int = 3,
    chunk: int = 100,
    runs_only: bool = False,
) -> IdempotentConsumer:
    """A service's consumer of other services' topics, dead-lettering to `<name>.dlq`."""
    consumer = IdempotentConsumer(
        name=name,
        registry=default_registry(),
        effects=effects,
        inbox=inbox,
        dead_letters=DeadLetters(transport=transport, topic=f"{name}.dlq", consumer=name),
        batch_effects=batch_effects,
        attempts=attempts,
        chunk=chunk,
        runs_only=runs_only,
    )
    transport.subscribe(group=name, topics=topics, handler=consumer.handle_batch)
    return consumer
