"""Helpers for grants' contract tests: a stored event as it comes out of the relay."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from shared.contracts import default_registry
from shared.contracts.envelope import Envelope
from shared.messaging.publishing import EventPublishing

PERSONAL = ("national", "cin", "birth", "phone", "address", "douar", "street", "first_", "last_")


def on_the_wire(publishing: EventPublishing, event: Any) -> tuple[str, str, dict[str, Any]]:
    """(topic, type, payload as JSON) after encoding and decoding through the registry."""
    publication = publishing(event)
    assert publication is not None, type(event).__qualname__
    raw = Envelope.encode_fields(
        publication.payload,
        origin="grants",
        position=1,
        aggregate_id=event.originator_id,
        aggregate_version=event.originator_version,
        occurred_at=event.timestamp,
        actor=event.actor,
        reason=event.reason,
    )
    decoded = default_registry().decode(raw)
    assert decoded.envelope.schema_version == publication.payload.VERSION >= 1
    assert decoded.payload == publication.payload
    return publication.topic, decoded.type, decoded.payload.model_dump(mode="json")


def field_names(model: type[BaseModel]) -> set[str]:
    """Every field name of a contract, nested shapes included."""
    names: set[str] = set()
    for name, field in model.model_fields.items():
        names.add(name)
        for nested in getattr(field.annotation, "__args__", (field.annotation,)):
            inner = getattr(nested, "__args__", (nested,))
            for candidate in inner:
                if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                    names |= field_names(candidate)
    return names
