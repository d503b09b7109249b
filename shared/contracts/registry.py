"""Known event types and schema versions. Decoding checks both, upcasts older payloads to the
latest version of their type, and validates the payload against it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from shared.contracts.base import Contract
from shared.contracts.envelope import ContractError, Envelope

Upcaster = Callable[[dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class DecodedEvent:
    envelope: Envelope
    payload: BaseModel  # always the latest version of its type

    @property
    def type(self) -> str:
        return self.envelope.type


@dataclass
class ContractRegistry:
    _payloads: dict[tuple[str, int], type[BaseModel]] = field(default_factory=dict)
    _upcasters: dict[tuple[str, int], Upcaster] = field(default_factory=dict)
    _latest_versions: dict[str, int] | None = None

    def register(self, type_: str, version: int, payload: type[BaseModel]) -> None:
        self._payloads[(type_, version)] = payload
        self._latest_versions = None

    def register_upcaster(self, type_: str, from_version: int, upcast: Upcaster) -> None:
        """How to turn a payload of `from_version` into one of `from_version + 1`."""
        self._upcasters[(type_, from_version)] = upcast

    def _latest(self, type_: str) -> int | None:
        # Asked once per message decoded: a dict of each type's latest version, rebuilt when
        # a contract is registered, instead of a scan of every registered one (a replay
        # decodes a million messages).
        if self._latest_versions is None:
            latest: dict[str, int] = {}
            for t, v in self._payloads:
                latest[t] = max(v, latest.get(t, v))
            self._latest_versions = latest
        return self._latest_versions.get(type_)

    def payload_class(self, type_: str, version: int) -> type[BaseModel]:
        latest = self._latest(type_)
        if latest is None:
            raise ContractError(f"unknown event type {type_!r}")
        if (type_, version) not in self._payloads and (type_, version) not in self._upcasters:
            raise ContractError(f"unknown schema version {version} of event type {type_!r}")
        return self._payloads[(type_, latest)]

    def check_registered(self, payload: Contract) -> None:
        if self._payloads.get((payload.TYPE, payload.VERSION)) is not type(payload):
            raise ContractError(f"{type(payload).__name__} is not a registered contract")

    def decode(self, raw: bytes) -> DecodedEvent:
        envelope = Envelope.decode(raw)
        payload_class = self.payload_class(envelope.type, envelope.schema_version)
        data, version = dict(envelope.payload), envelope.schema_version
        try:
            while (upcast := self._upcasters.get((envelope.type, version))) is not None:
                data, version = upcast(data), version + 1
            payload = payload_class.model_validate(data)
        except (ValidationError, KeyError) as e:
            fields = (
                ", ".join(".".join(str(p) for p in err["loc"]) for err in e.errors())
                if isinstance(e, ValidationError)
                else str(e)
            )
            raise ContractError(f"invalid {envelope.type} payload: {fields}") from e
        return DecodedEvent(envelope, payload)


def default_registry() -> ContractRegistry:
    """Every contract the services publish today."""
    from shared.contracts import (
        grants_decisions,
        grants_envelopes,
        grants_orders,
        grants_payment_lists,
        grants_programmes,
        intake,
        intake_claims,
        intake_households,
        intake_organisations,
    )

    registry = ContractRegistry()
    intake.register(registry)
    intake_organisations.register(registry)
    intake_households.register(registry)
    intake_claims.register(registry)
    grants_programmes.register(registry)
    grants_decisions.register(registry)
    grants_payment_lists.register(registry)
    grants_orders.register(registry)
    grants_envelopes.register(registry)
    return registry
