"""Why an envelope command was not carried out, beyond a broken rule."""

from __future__ import annotations

from uuid import UUID


class NoEnvelope(LookupError):
    def __init__(self, envelope_id: UUID) -> None:
        super().__init__(f"no envelope {envelope_id}")
        self.envelope_id = envelope_id


class EnvelopeAlreadyOpen(Exception):
    """Programme, cycle and province already have their envelope (HTTP 409)."""

    def __init__(self, envelope_id: UUID) -> None:
        super().__init__(f"envelope {envelope_id} is already open")
        self.envelope_id = envelope_id


class ConcurrencyConflict(Exception):
    """Other writers kept changing these envelopes first, `attempts` times over (HTTP 409)."""

    def __init__(self, envelope_ids: tuple[UUID, ...], attempts: int) -> None:
        super().__init__(f"envelopes {envelope_ids} kept changing meanwhile ({attempts} tries)")
        self.envelope_ids = envelope_ids
        self.attempts = attempts
