"""Integration-event contracts: the versioned envelope and the payloads each service publishes."""

from shared.contracts.envelope import ContractError, Envelope
from shared.contracts.registry import ContractRegistry, DecodedEvent, default_registry

__all__ = ["ContractError", "ContractRegistry", "DecodedEvent", "Envelope", "default_registry"]
