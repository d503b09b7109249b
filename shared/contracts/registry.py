"""Known event types and schema versions; decoding checks both and validates the payload."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel, ValidationError

from shared.contracts.base import Contract
from shared.contracts.envelope import ContractError, Envelope


@dataclass(frozen=True)
class DecodedEvent:
    envelope: Envelope
    payload: BaseModel

    @property
    def type(self) -> str:
        return self.envelope.type


@dataclass
class ContractRegistry:
    _payloads: dict[tuple[str, int], type[BaseModel]] = field(default_factory=dict)

    def register(self, type_: str, version: int, payload: type[BaseModel]) -> None:
        self._payloads[(type_, version)] = payload

    def knows(self, type_: str) -> bool:
        return any(t == type_ for t, _ in self._payloads)

    def payload_class(self, type_: str, version: int) -> type[BaseModel]:
        try:
            return self._payloads[(type_, version)]
        except KeyError:
            if self.knows(type_):
                raise ContractError(
                    f"unknown schema version {version} of event type {type_!r}"
                ) from None
            raise ContractError(f"unknown event type {type_!r}") from None

    def check_registered(self, payload: Contract) -> None:
        if self.payload_class(payload.TYPE, payload.VERSION) is not type(payload):
            raise ContractError(f"{type(payload).__name__} is not a registered contract")

    def decode(self, raw: bytes) -> DecodedEvent:
        envelope = Envelope.decode(raw)
        payload_class = self.payload_class(envelope.type, envelope.schema_version)
        try:
            payload = payload_class.model_validate(envelope.payload)
        except ValidationError as e:
            fields = ", ".join(".".join(str(p) for p in err["loc"]) for err in e.errors())
            raise ContractError(f"invalid {envelope.type} payload: {fields}") from e
        return DecodedEvent(envelope, payload)


def default_registry() -> ContractRegistry:
    """Every contract the services publish today."""
    from shared.contracts import grants, intake

    registry = ContractRegistry()
    intake.register(registry)
    grants.register(registry)
    return registry
