"""Rules a budget envelope's movements must satisfy: it is a ledger that never goes negative.

Rules marked `conflict` refuse a well-formed request because of the envelope's state (not
enough available, a hold already resolved): HTTP answers them 409, the others 422.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from shared.money import Money
from shared.rules import BusinessRule


class HoldStatus(StrEnum):
    OPEN = "open"  # committed by an approved decision, not (all) paid yet
    POSTED = "posted"  # the payment was confirmed: all of it disbursed
    RELEASED = "released"  # nothing held any more, some of it given back (failed, cancelled)


NOTHING = Money.zero()


@dataclass(frozen=True)
class Hold:
    amount: Money  # what it holds now
    posted: Money = NOTHING  # what it disbursed
    released: Money = NOTHING  # what it gave back (a retry may take it back)

    @property
    def status(self) -> HoldStatus:
        if self.amount.centimes > 0:
            return HoldStatus.OPEN
        return HoldStatus.RELEASED if self.released.centimes > 0 else HoldStatus.POSTED


@dataclass(frozen=True)
class AmountMustBePositive(BusinessRule):
    amount: Money
    message = "the amount must be above zero, in centimes"
    field = "amount"

    def is_broken(self) -> bool:
        return self.amount.centimes <= 0


@dataclass(frozen=True)
class ProvinceMustBeNamed(BusinessRule):
    province_code: str
    message = "an envelope belongs to one province: its code is required"
    field = "province_code"

    def is_broken(self) -> bool:
        return not self.province_code.strip()


@dataclass(frozen=True)
class CycleMustBeNamed(BusinessRule):
    cycle_id: str
    message = "an envelope belongs to one cycle of its programme: the cycle is required"
    field = "cycle_id"

    def is_broken(self) -> bool:
        return not self.cycle_id.strip()


@dataclass(frozen=True)
class HoldMustNotExceedAvailable(BusinessRule):
    """An approved decision commits money only if the envelope still has it."""

    amount: Money
    available: Money
    message = "the envelope does not have this amount available"
    field = "amount"
    conflict = True

    def is_broken(self) -> bool:
        return self.amount > self.available


@dataclass(frozen=True)
class TransferMustNotExceedAvailable(BusinessRule):
    amount: Money
    available: Money
    message = "the envelope transferred from does not have this amount available"
    field = "amount"
    conflict = True

    def is_broken(self) -> bool:
        return self.amount > self.available


@dataclass(frozen=True)
class TransferMustJoinTwoEnvelopes(BusinessRule):
    from_envelope_id: UUID
    to_envelope_id: UUID
    message = "a transfer goes from one envelope to another one"
    field = "to_envelope_id"

    def is_broken(self) -> bool:
        return self.from_envelope_id == self.to_envelope_id


@dataclass(frozen=True)
class TransferMustStayInTheProgramme(BusinessRule):
    from_programme_id: UUID
    to_programme_id: UUID
    message = "money moves only between envelopes of the same programme"
    field = "to_envelope_id"

    def is_broken(self) -> bool:
        return self.from_programme_id != self.to_programme_id


@dataclass(frozen=True)
class HoldMustBePlacedOnce(BusinessRule):
    """A hold is keyed by its decision: the same decision never commits money twice."""

    hold_id: UUID
    holds: AbstractSet[UUID]  # the envelope's own keys, not a copy: a list's 50,000 holds
    # each copying the ones before made approving it quadratic (318 s at 200,000 households)
    message = "a hold with this id was already placed on the envelope"
    field = "hold_id"
    conflict = True

    def is_broken(self) -> bool:
        return self.hold_id in self.holds


@dataclass(frozen=True)
class HoldMustBeKnown(BusinessRule):
    status: HoldStatus | None
    message = "no hold with this id on the envelope"
    field = "hold_id"

    def is_broken(self) -> bool:
        return self.status is None


@dataclass(frozen=True)
class HoldMustNotBeAlreadyPosted(BusinessRule):
    """A disbursed hold is final: it can be neither posted again nor released."""

    status: HoldStatus | None
    message = "the hold was already posted (disbursed): nothing is left to post or release"
    field = "hold_id"
    conflict = True

    def is_broken(self) -> bool:
        return self.status is HoldStatus.POSTED


@dataclass(frozen=True)
class HoldMustNotBeAlreadyReleased(BusinessRule):
    status: HoldStatus | None
    message = "the hold was already released: nothing is left to post or release"
    field = "hold_id"
    conflict = True

    def is_broken(self) -> bool:
        return self.status is HoldStatus.RELEASED


@dataclass(frozen=True)
class HoldMustCoverTheAmount(BusinessRule):
    """An instalment posts or releases its part of the hold, never more than it still holds."""

    amount: Money
    holding: Money
    message = "the hold does not hold this amount any more"
    field = "amount"
    conflict = True

    def is_broken(self) -> bool:
        return self.amount > self.holding


@dataclass(frozen=True)
class HoldMayTakeBackOnlyWhatItReleased(BusinessRule):
    """A retried payment commits again what its failure released, and nothing more."""

    amount: Money
    released: Money
    message = "a hold takes back at most what it released"
    field = "amount"
    conflict = True

    def is_broken(self) -> bool:
        return self.amount > self.released
