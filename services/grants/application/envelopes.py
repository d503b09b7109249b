"""Budget envelopes: open one, credit it, move money between two, and hold, post or release
what approved decisions commit. Each command loads, acts and saves.

Two replicas acting on one envelope at once: both load version n, both try to store n + 1,
the event store keeps one (optimistic concurrency) and the other's save fails whole. The loser
loads again and acts on what is there now, so a rule such as `HoldMustNotExceedAvailable` is
checked against the winner's hold too: a lost race never over-commits. A conflict that lasts
`attempts` tries surfaces as `ConcurrencyConflict` (HTTP 409).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import datetime
from uuid import UUID, uuid4

from services.grants.application.envelope_errors import (
    ConcurrencyConflict as ConcurrencyConflict,
)
from services.grants.application.envelope_errors import EnvelopeAlreadyOpen as EnvelopeAlreadyOpen
from services.grants.application.envelope_errors import NoEnvelope as NoEnvelope
from services.grants.application.envelope_reads import (
    MOVEMENTS_PAGE,
    EnvelopeFilter,
    Statement,
    envelopes_where,
    statement_of,
)
from services.grants.application.ports import (
    EnvelopeChangedMeanwhile,
    Envelopes,
    RecordChangedMeanwhile,
)
from services.grants.application.saved_together import NOTHING, Alongside
from services.grants.domain.envelope import Envelope
from shared.money import Money

ATTEMPTS = 8


class EnvelopeLedger:
    def __init__(
        self,
        envelopes: Envelopes,
        *,
        attempts: int = ATTEMPTS,
        pause: Callable[[int], None] | None = None,
    ) -> None:
        self._envelopes = envelopes
        self._attempts = attempts
        self._pause = pause or _jittered_pause

    def open_envelope(
        self, *, programme_id: UUID, cycle_id: str, province_code: str, actor: str, reason: str
    ) -> UUID:
        envelope = Envelope.open(
            programme_id=programme_id,
            cycle_id=cycle_id,
            province_code=province_code,
            actor=actor,
            reason=reason,
        )
        try:
            self._envelopes.save(envelope)
        except EnvelopeChangedMeanwhile as e:
            raise EnvelopeAlreadyOpen(envelope.id) from e
        return envelope.id

    def allocate(self, envelope_id: UUID, *, amount: Money, actor: str, reason: str) -> Envelope:
        def act(envelope: Envelope) -> None:
            envelope.allocate(amount=amount, actor=actor, reason=reason)

        [envelope] = self._change((envelope_id,), act)
        return envelope

    def transfer(
        self,
        *,
        from_envelope_id: UUID,
        to_envelope_id: UUID,
        amount: Money,
        actor: str,
        reason: str,
        transfer_id: UUID | None = None,
    ) -> UUID:
        """Both sides are saved together: the debit and the credit commit as one, or not."""
        transfer_id = transfer_id or uuid4()

        def act(source: Envelope, target: Envelope) -> None:
            source.transfer_to(
                target, transfer_id=transfer_id, amount=amount, actor=actor, reason=reason
            )

        if from_envelope_id == to_envelope_id:
            # Let the rule refuse it (TransferMustJoinTwoEnvelopes) on one loaded envelope.
            [same] = self._load((from_envelope_id,))
            act(same, same)
        self._change((from_envelope_id, to_envelope_id), act)
        return transfer_id

    def place_hold(
        self, envelope_id: UUID, *, hold_id: UUID, amount: Money, actor: str, reason: str
    ) -> Envelope:
        """Commit `amount` for an approved decision (`hold_id`, usually the decision's id);
        refused by `HoldMustNotExceedAvailable` when the envelope no longer has it."""

        def act(envelope: Envelope) -> None:
            envelope.place_hold(hold_id=hold_id, amount=amount, actor=actor, reason=reason)

        [envelope] = self._change((envelope_id,), act)
        return envelope

    def post_hold(
        self,
        envelope_id: UUID,
        *,
        hold_id: UUID,
        actor: str,
        reason: str,
        amount: Money | None = None,
    ) -> Envelope:
        def act(envelope: Envelope) -> None:
            envelope.post_hold(hold_id=hold_id, actor=actor, reason=reason, amount=amount)

        [envelope] = self._change((envelope_id,), act)
        return envelope

    def release_hold(
        self,
        envelope_id: UUID,
        *,
        hold_id: UUID,
        actor: str,
        reason: str,
        amount: Money | None = None,
    ) -> Envelope:
        def act(envelope: Envelope) -> None:
            envelope.release_hold(hold_id=hold_id, actor=actor, reason=reason, amount=amount)

        [envelope] = self._change((envelope_id,), act)
        return envelope

    def take_back(
        self, envelope_id: UUID, *, hold_id: UUID, amount: Money, actor: str, reason: str
    ) -> Envelope:
        def act(envelope: Envelope) -> None:
            envelope.take_back(hold_id=hold_id, amount=amount, actor=actor, reason=reason)

        [envelope] = self._change((envelope_id,), act)
        return envelope

    def place_holds(
        self,
        envelope_id: UUID,
        holds: list[tuple[UUID, Money]],
        *,
        actor: str,
        reason: str,
        together_with: Alongside = NOTHING,
    ) -> Envelope:
        """Several holds (a payment list's lines) in one save: all placed, or none (the first
        that exceeds what is left refuses them all). `together_with`: other records' new
        events (the decisions the holds are for), stored in the same transaction."""

        def act(envelope: Envelope) -> None:
            for hold_id, amount in holds:
                envelope.place_hold(hold_id=hold_id, amount=amount, actor=actor, reason=reason)

        [envelope] = self._change((envelope_id,), act, together_with)
        return envelope

    def release_holds(
        self, envelope_id: UUID, hold_ids: list[UUID], *, actor: str, reason: str
    ) -> Envelope:
        def act(envelope: Envelope) -> None:
            for hold_id in hold_ids:
                envelope.release_hold(hold_id=hold_id, actor=actor, reason=reason)

        [envelope] = self._change((envelope_id,), act)
        return envelope

    def envelope(self, envelope_id: UUID) -> Envelope:
        [envelope] = self._load((envelope_id,))
        return envelope

    def statement(
        self,
        envelope_id: UUID,
        *,
        after: int = 0,
        limit: int = MOVEMENTS_PAGE,
        as_of: datetime | None = None,
    ) -> Statement:
        return statement_of(self._envelopes, envelope_id, after=after, limit=limit, as_of=as_of)

    def envelopes(
        self, where: EnvelopeFilter, *, limit: int, offset: int
    ) -> tuple[list[Envelope], int]:
        return envelopes_where(self._envelopes, where, limit=limit, offset=offset)

    def _change(
        self,
        envelope_ids: tuple[UUID, ...],
        act: Callable[..., None],
        together_with: Alongside = NOTHING,
    ) -> list[Envelope]:
        """Load, act, save; on a version conflict load again and act on the new state. A
        broken rule (`BusinessRuleBroken`) is raised as it is: the command is refused. If no
        envelope moved, the conflict was on `together_with`'s records: `RecordChangedMeanwhile`
        (another user decided first), not worth a retry."""
        for attempt in range(1, self._attempts + 1):
            envelopes = self._load(envelope_ids)
            versions = [e.version for e in envelopes]
            act(*envelopes)
            try:
                self._envelopes.save(*envelopes, together_with=together_with)
            except EnvelopeChangedMeanwhile as e:
                if (
                    together_with.events
                    and [x.version for x in self._load(envelope_ids)] == versions
                ):
                    raise RecordChangedMeanwhile(str(e)) from e
                if attempt < self._attempts:
                    self._pause(attempt)
                continue
            return envelopes
        raise ConcurrencyConflict(envelope_ids, self._attempts)

    def _load(self, envelope_ids: tuple[UUID, ...]) -> list[Envelope]:
        envelopes = []
        for envelope_id in envelope_ids:
            envelope = self._envelopes.get(envelope_id)
            if envelope is None:
                raise NoEnvelope(envelope_id)
            envelopes.append(envelope)
        return envelopes


def _jittered_pause(attempt: int) -> None:
    # Replicas that collided once would collide again if they retried in step.
    time.sleep(random.uniform(0, 0.002 * 2**attempt))
