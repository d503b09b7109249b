"""Integration events as a consumer receives them: encoded by the relay's code, decoded by
the registry (upcasts included), without a transport."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime

from shared.contracts import DecodedEvent, default_registry
from shared.contracts.base import Contract
from shared.contracts.envelope import Envelope

_positions = itertools.count(1)


def delivered(
    payload: Contract,
    *,
    origin: str = "intake",
    position: int | None = None,
    at: datetime | None = None,
) -> DecodedEvent:
    """The envelope's reason is the payload's, as grants' relay sends it."""
    raw = Envelope.encode_fields(
        payload,
        origin=origin,
        position=next(_positions) if position is None else position,
        aggregate_id=uuid.uuid4(),
        aggregate_version=1,
        occurred_at=at or datetime.now(UTC),
        actor="caseworker-khenifra",
        reason=getattr(payload, "reason", None),
    )
    return default_registry().decode(raw)
