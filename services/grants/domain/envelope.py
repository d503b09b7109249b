"""A budget envelope: one programme's money for one cycle in one province, kept as a ledger.

Allocations and transfers in credit it; an approved decision places a hold on it (committed);
a confirmed payment posts the hold (disbursed); a failed or cancelled one releases it.
available = allocated + transferred in - transferred out - held - disbursed, and no movement
may take it below zero. Every movement is an event with who (`actor`) and why (`reason`).

A decision paid in instalments posts or releases its hold a part at a time (each instalment
confirmed or failed); a failed instalment retried takes back what its release gave up, if the
envelope still has it. A hold never posts or releases more than it holds.
"""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from services.grants.domain.envelope_rules import (
    AmountMustBePositive,
    CycleMustBeNamed,
    Hold,
    HoldMayTakeBackOnlyWhatItReleased,
    HoldMustBeKnown,
    HoldMustBePlacedOnce,
    HoldMustCoverTheAmount,
    HoldMustNotBeAlreadyPosted,
    HoldMustNotBeAlreadyReleased,
    HoldMustNotExceedAvailable,
    HoldStatus,
    ProvinceMustBeNamed,
    TransferMustJoinTwoEnvelopes,
    TransferMustNotExceedAvailable,
    TransferMustStayInTheProgramme,
)
from shared.aggregate_copy import CopiesItsContainers
from shared.money import Money
from shared.rules import check


class Envelope(CopiesItsContainers, Aggregate):
    class Opened(Aggregate.Created):
        programme_id: UUID
        cycle_id: str
        province_code: str
        actor: str
        reason: str

    class Allocated(Aggregate.Event):
        amount: Money
        actor: str
        reason: str

    class TransferredOut(Aggregate.Event):
        transfer_id: UUID
        to_envelope_id: UUID
        amount: Money
        actor: str
        reason: str

    class TransferredIn(Aggregate.Event):
        transfer_id: UUID
        from_envelope_id: UUID
        amount: Money
        actor: str
        reason: str

    class HoldPlaced(Aggregate.Event):
        hold_id: UUID
        amount: Money
        actor: str
        reason: str

    class HoldPosted(Aggregate.Event):
        hold_id: UUID
        amount: Money
        actor: str
        reason: str

    class HoldReleased(Aggregate.Event):
        hold_id: UUID
        amount: Money
        actor: str
        reason: str

    @staticmethod
    def create_id(programme_id: UUID, cycle_id: str, province_code: str) -> UUID:
        """One envelope per programme, cycle and province: a second one collides on the id."""
        return uuid5(NAMESPACE_URL, f"taawun:envelope:{programme_id}:{cycle_id}:{province_code}")

    @event(Opened)
    def __init__(
        self, *, programme_id: UUID, cycle_id: str, province_code: str, actor: str, reason: str
    ) -> None:
        self.programme_id = programme_id
        self.cycle_id = cycle_id
        self.province_code = province_code
        self.allocated = Money.zero()
        self.transferred_in = Money.zero()
        self.transferred_out = Money.zero()
        self.held = Money.zero()
        self.disbursed = Money.zero()
        self.holds: dict[UUID, Hold] = {}

    @classmethod
    def open(
        cls, *, programme_id: UUID, cycle_id: str, province_code: str, actor: str, reason: str
    ) -> Envelope:
        check(CycleMustBeNamed(cycle_id), ProvinceMustBeNamed(province_code))
        return cls(
            programme_id=programme_id,
            cycle_id=cycle_id,
            province_code=province_code,
            actor=actor,
            reason=reason,
        )

    @property
    def credited(self) -> Money:
        """What the envelope was given: allocations, plus transfers in, less transfers out."""
        return self.allocated + self.transferred_in - self.transferred_out

    @property
    def available(self) -> Money:
        return self.credited - self.held - self.disbursed

    def hold_status(self, hold_id: UUID) -> HoldStatus | None:
        hold = self.holds.get(hold_id)
        return None if hold is None else hold.status

    def allocate(self, *, amount: Money, actor: str, reason: str) -> None:
        check(AmountMustBePositive(amount))
        self._allocated(amount=amount, actor=actor, reason=reason)

    @event(Allocated)
    def _allocated(self, *, amount: Money, actor: str, reason: str) -> None:
        self.allocated += amount

    def transfer_to(
        self, other: Envelope, *, transfer_id: UUID, amount: Money, actor: str, reason: str
    ) -> None:
        """Moves `amount` from this envelope's available money to `other`: both change, and
        both must be saved together."""
        check(
            TransferMustJoinTwoEnvelopes(self.id, other.id),
            TransferMustStayInTheProgramme(self.programme_id, other.programme_id),
            AmountMustBePositive(amount),
            TransferMustNotExceedAvailable(amount, self.available),
        )
        self._transferred_out(
            transfer_id=transfer_id,
            to_envelope_id=other.id,
            amount=amount,
            actor=actor,
            reason=reason,
        )
        other._transferred_in(
            transfer_id=transfer_id,
            from_envelope_id=self.id,
            amount=amount,
            actor=actor,
            reason=reason,
        )

    @event(TransferredOut)
    def _transferred_out(
        self, *, transfer_id: UUID, to_envelope_id: UUID, amount: Money, actor: str, reason: str
    ) -> None:
        self.transferred_out += amount

    @event(TransferredIn)
    def _transferred_in(
        self, *, transfer_id: UUID, from_envelope_id: UUID, amount: Money, actor: str, reason: str
    ) -> None:
        self.transferred_in += amount

    def place_hold(self, *, hold_id: UUID, amount: Money, actor: str, reason: str) -> None:
        check(
            AmountMustBePositive(amount),
            HoldMustBePlacedOnce(hold_id, self.holds.keys()),
            HoldMustNotExceedAvailable(amount, self.available),
        )
        self._hold_placed(hold_id=hold_id, amount=amount, actor=actor, reason=reason)

    def take_back(self, *, hold_id: UUID, amount: Money, actor: str, reason: str) -> None:
        """A failed payment retried: the hold commits again what its release gave up."""
        hold = self.holds.get(hold_id)
        check(
            AmountMustBePositive(amount),
            HoldMustBeKnown(None if hold is None else hold.status),
            HoldMayTakeBackOnlyWhatItReleased(amount, hold.released if hold else Money.zero()),
            HoldMustNotExceedAvailable(amount, self.available),
        )
        self._hold_placed(hold_id=hold_id, amount=amount, actor=actor, reason=reason)

    @event(HoldPlaced)
    def _hold_placed(self, *, hold_id: UUID, amount: Money, actor: str, reason: str) -> None:
        # A second placement on one hold is a take-back (`take_back`): out of its released part.
        was = self.holds.get(hold_id)
        if was is None:
            self.holds[hold_id] = Hold(amount)
        else:
            self.holds[hold_id] = Hold(was.amount + amount, was.posted, was.released - amount)
        self.held += amount

    def post_hold(
        self, *, hold_id: UUID, actor: str, reason: str, amount: Money | None = None
    ) -> None:
        """The payment the hold was for is confirmed (`amount`: one instalment's part; None:
        all it holds): disbursed, once."""
        amount = self._part_of_open_hold(hold_id, amount)
        self._hold_posted(hold_id=hold_id, amount=amount, actor=actor, reason=reason)

    @event(HoldPosted)
    def _hold_posted(self, *, hold_id: UUID, amount: Money, actor: str, reason: str) -> None:
        was = self.holds[hold_id]
        self.holds[hold_id] = Hold(was.amount - amount, was.posted + amount, was.released)
        self.held -= amount
        self.disbursed += amount

    def release_hold(
        self, *, hold_id: UUID, actor: str, reason: str, amount: Money | None = None
    ) -> None:
        """The payment failed or was cancelled (`amount`: one instalment's part; None: all it
        holds): available again, once."""
        amount = self._part_of_open_hold(hold_id, amount)
        self._hold_released(hold_id=hold_id, amount=amount, actor=actor, reason=reason)

    @event(HoldReleased)
    def _hold_released(self, *, hold_id: UUID, amount: Money, actor: str, reason: str) -> None:
        was = self.holds[hold_id]
        self.holds[hold_id] = Hold(was.amount - amount, was.posted, was.released + amount)
        self.held -= amount

    def _part_of_open_hold(self, hold_id: UUID, amount: Money | None) -> Money:
        status = self.hold_status(hold_id)
        check(
            HoldMustBeKnown(status),
            HoldMustNotBeAlreadyPosted(status),
            HoldMustNotBeAlreadyReleased(status),
        )
        holding = self.holds[hold_id].amount
        if amount is None:
            return holding
        check(AmountMustBePositive(amount), HoldMustCoverTheAmount(amount, holding))
        return amount
