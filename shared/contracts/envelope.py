"""The envelope every integration event travels in (JSON, UTF-8, Arabic kept as is)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, field_validator

from shared.contracts.base import Contract

# Namespace for deterministic event ids: a re-sent event keeps its id.
EVENT_ID_NAMESPACE = uuid.UUID("6f1c3f0e-5a51-4d8e-9a57-0e3b0c5e7a10")


class ContractError(ValueError):
    """A message that cannot be read as a known integration event; `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Envelope(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    event_id: uuid.UUID
    type: str = Field(min_length=1, max_length=100)
    schema_version: int = Field(ge=1)
    aggregate_id: uuid.UUID
    aggregate_version: int = Field(ge=1)
    origin: str = Field(min_length=1, max_length=32)
    position: int = Field(ge=1)
    occurred_at: AwareDatetime
    actor: str
    reason: str | None = None
    payload: dict[str, Any]

    @field_validator("occurred_at")
    @classmethod
    def _in_utc(cls, value: datetime) -> datetime:
        return value.astimezone(UTC)

    @staticmethod
    def event_id_for(origin: str, aggregate_id: uuid.UUID, aggregate_version: int) -> uuid.UUID:
        return uuid.uuid5(EVENT_ID_NAMESPACE, f"{origin}/{aggregate_id}/{aggregate_version}")

    @classmethod
    def encode_fields(
        cls,
        payload: Contract,
        *,
        origin: str,
        position: int,
        aggregate_id: uuid.UUID,
        aggregate_version: int,
        occurred_at: datetime,
        actor: str,
        reason: str | None,
    ) -> bytes:
        """The relay's fast path: the same JSON as `encode`, without validating our own output
        a second time (the payload is a validated model; tests decode what this writes)."""
        fields = {
            "event_id": str(cls.event_id_for(origin, aggregate_id, aggregate_version)),
            "type": payload.TYPE,
            "schema_version": payload.VERSION,
            "aggregate_id": str(aggregate_id),
            "aggregate_version": aggregate_version,
            "origin": origin,
            "position": position,
            "occurred_at": occurred_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "actor": actor,
            "reason": reason,
            "payload": payload.model_dump(mode="json"),
        }
        return json.dumps(fields, ensure_ascii=False).encode("utf-8")

    def encode(self) -> bytes:
        return json.dumps(self.model_dump(mode="json"), ensure_ascii=False).encode("utf-8")

    @classmethod
    def decode(cls, raw: bytes) -> Envelope:
        try:
            # pydantic parses and validates in one pass (a third faster); anything it refuses
            # is read again below, so the reason given is the same as before.
            return cls.model_validate_json(raw)
        except ValidationError:
            pass
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise ContractError(f"undecodable message: {e}") from e
        if not isinstance(data, dict):
            raise ContractError("undecodable message: the envelope is not a JSON object")
        try:
            return cls.model_validate(data)
        except ValidationError as e:
            fields = ", ".join(".".join(str(p) for p in err["loc"]) for err in e.errors())
            raise ContractError(f"invalid envelope: {fields}") from e
