"""Budget envelopes (`grants.envelopes`): where each stands after every movement, to the
centime, and each movement as it happened, so disbursements can be summed by month.

An envelope is one programme's money for one cycle in one province (`EnvelopeOpened`). Every
movement carries the envelope's balances after it (`balances_after`), so its row takes them
as they are: reporting never does the ledger's arithmetic again, and a movement read twice
(its position says so) cannot count twice.

Disbursed money is what `EnvelopeHoldPosted` moved from held to disbursed: one per confirmed
instalment, recorded when grants applied the provider's statement, in that UTC month.
- A release (`EnvelopeHoldReleased`, a failed instalment or a cancelled decision) frees only
  what the hold still held: it never takes back a part already posted, so a disbursement
  stays in its month.
- A reversal (money returned after the payment was confirmed) moves no envelope money: grants
  keeps it as disbursed until a person decides what the envelope gets back (its order says
  `reversed`; see the `orders` and `exceptions` reports). So an envelope's `disbursed` is the
  sum of its disbursements by month, reversals included.
"""

from __future__ import annotations

from pydantic import BaseModel

from services.reporting.application.projecting import On, Projection
from services.reporting.application.projections import programmes
from services.reporting.application.reports import Measure, Op, Report
from services.reporting.application.rows import Rows
from services.reporting.domain.cycles import year_of
from services.reporting.domain.history import Field, Kind, centimes
from shared.contracts import Envelope
from shared.contracts.grants_envelopes import (
    ENVELOPES_TOPIC,
    EnvelopeAllocatedV1,
    EnvelopeBalances,
    EnvelopeHoldPlacedV1,
    EnvelopeHoldPostedV1,
    EnvelopeHoldReleasedV1,
    EnvelopeOpenedV1,
    EnvelopeTransferredInV1,
    EnvelopeTransferredOutV1,
)

BALANCES = ("allocated", "transferred_in", "transferred_out", "held", "disbursed", "available")

ENVELOPE = Kind(
    "envelope",
    (
        Field("programme_id", str, 36),
        Field("cycle", str, 80),
        Field("year", int),  # the cycle's (none for a disaster's)
        Field("province_code", str, 8),
        *(Field(name, int, money=True) for name in BALANCES),
    ),
)
MOVEMENT = Kind(
    "movement",
    (
        Field("envelope_id", str, 36),
        Field("programme_id", str, 36),
        Field("cycle", str, 80),
        Field("province_code", str, 8),
        Field("kind", str, 24),  # allocated, transferred_in, ..., hold_posted, hold_released
        Field("amount", int, money=True),
        Field("month", str, 7),  # "YYYY-MM" (UTC) of the time grants recorded it
        Field("year", int),  # the month's
    ),
    appended=True,
)

HOLD_POSTED = "hold_posted"
MOVED = (
    EnvelopeAllocatedV1,
    EnvelopeTransferredInV1,
    EnvelopeTransferredOutV1,
    EnvelopeHoldPlacedV1,
    EnvelopeHoldPostedV1,
    EnvelopeHoldReleasedV1,
)
MOVEMENTS: dict[str, str] = {
    EnvelopeAllocatedV1.TYPE: "allocated",
    EnvelopeTransferredInV1.TYPE: "transferred_in",
    EnvelopeTransferredOutV1.TYPE: "transferred_out",
    EnvelopeHoldPlacedV1.TYPE: "hold_placed",
    EnvelopeHoldPostedV1.TYPE: HOLD_POSTED,
    EnvelopeHoldReleasedV1.TYPE: "hold_released",
}


def _reads(p: BaseModel) -> list[tuple[str, str]]:
    assert isinstance(p, (EnvelopeOpenedV1, *MOVED))
    return [(ENVELOPE.name, str(p.envelope_id))]


def balances(after: EnvelopeBalances) -> dict[str, int]:
    return {name: centimes(getattr(after, name).amount) for name in BALANCES}


def on_opened(p: BaseModel, _: Envelope, rows: Rows) -> None:
    assert isinstance(p, EnvelopeOpenedV1)
    key = str(p.envelope_id)
    if rows.get(ENVELOPE.name, key) is not None:
        return
    opened = {
        "programme_id": str(p.programme_id),
        "cycle": p.cycle,
        "year": year_of(p.cycle),
        "province_code": p.province_code,
    }
    rows.put(ENVELOPE.name, key, {**opened, **dict.fromkeys(BALANCES, 0)})


def moved(kind: str) -> On:
    def handle(p: BaseModel, _: Envelope, rows: Rows) -> None:
        assert isinstance(p, MOVED)
        key = str(p.envelope_id)
        row = rows.get(ENVELOPE.name, key)
        if row is None:
            return  # a movement of an envelope whose opening never came (dead-lettered)
        rows.update(ENVELOPE.name, key, **balances(p.balances_after))
        rows.add(
            MOVEMENT.name,
            {
                "envelope_id": key,
                "programme_id": row["programme_id"],
                "cycle": row["cycle"],
                "province_code": row["province_code"],
                "kind": kind,
                "amount": centimes(p.amount.amount),
                "month": rows.at.strftime("%Y-%m"),
                "year": rows.at.year,
            },
        )

    return On(handle, _reads)


PROJECTION = Projection(
    name="budgets",
    version=1,
    description="budget envelopes per programme, cycle and province, and their movements",
    topics=(ENVELOPES_TOPIC, programmes.TOPIC),
    kinds=(ENVELOPE, MOVEMENT, programmes.PROGRAMME),
    handlers={
        **programmes.HANDLERS,
        EnvelopeOpenedV1.TYPE: On(on_opened, _reads),
        **{event: moved(kind) for event, kind in MOVEMENTS.items()},
    },
)

FILTERS = {"province": "province_code", "programme": "programme_id", "year": "year"}

REPORTS = (
    Report(
        name="budgets",
        projection="budgets",
        kind=ENVELOPE.name,
        description="Each budget envelope (programme, cycle, province) after its last movement: "
        "allocated, transferred in and out, held for approved decisions, disbursed (payments "
        "confirmed, reversals included until grants gives them back), available. `year` is "
        "the cycle's: a disaster's cycle has none.",
        group_by=("programme_id", "cycle", "province_code"),
        measures=tuple(Measure(name, Op.SUM_MONEY) for name in BALANCES),
        filters=FILTERS,
        join=programmes.PROGRAMME_NAMES,
    ),
    Report(
        name="disbursements",
        projection="budgets",
        kind=MOVEMENT.name,
        description="Money disbursed per month (UTC, when grants recorded the confirmed "
        "payment), programme and province: the envelopes' posted holds. A release never "
        "takes back a posted part and a reversal moves no envelope money, so the months of "
        "an envelope add up to its `disbursed`. `year` is the month's.",
        group_by=("month", "programme_id", "province_code"),
        measures=(Measure("amount", Op.SUM_MONEY),),
        where={"kind": HOLD_POSTED},
        filters=FILTERS,
        join=programmes.PROGRAMME_CODE,
    ),
)
