"""What the dashboard's browser test shows: integration events as intake and grants publish
them, on two dates (so that "as of" the first shows less), delivered to reporting's own
consumer through the in-memory transport."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from shared.contracts.amounts import Amount
from shared.contracts.base import Contract
from shared.contracts.envelope import Envelope
from shared.contracts.grants_decisions import (
    DECISIONS_TOPIC,
    DecisionApprovedV1,
    DecisionProposedV1,
)
from shared.contracts.grants_envelopes import (
    ENVELOPES_TOPIC,
    EnvelopeAllocatedV1,
    EnvelopeBalances,
    EnvelopeHoldPlacedV1,
    EnvelopeHoldPostedV1,
    EnvelopeOpenedV1,
)
from shared.contracts.grants_orders import ORDERS_TOPIC, PaymentConfirmedV1, PaymentOrderIssuedV1
from shared.contracts.grants_programmes import PROGRAMMES_TOPIC, ProgrammeCreatedV2
from shared.contracts.intake import BENEFICIARIES_TOPIC, BeneficiaryEnrolledV2
from shared.messaging.records import OutboundMessage

FIRST = datetime(2021, 3, 15, 9, 0, tzinfo=UTC)  # the earlier state: as of 2021-03-31
SECOND = datetime(2021, 6, 20, 9, 0, tzinfo=UTC)  # then more, by 2021-06-30
EARLIER = "2021-03-31"

ASSOCIATIONS = uuid.UUID("00000000-0000-4000-8000-00000000a550")
FLOODS = uuid.UUID("00000000-0000-4000-8000-0000000f1000")

# Beneficiaries per province on each date: (province, category) -> how many enrolled then.
ENROLLED = {
    FIRST: {("KHN", "disability"): 2, ("KHN", "elderly_without_support"): 1,
            ("LAR", "disaster_affected"): 1},
    SECOND: {("KHN", "disability"): 1, ("LAR", "disaster_affected"): 2,
             ("KEN", "disaster_affected"): 1},
}  # fmt: skip
BENEFICIARIES = {"all": 8, "KHN": 4, f"all@{EARLIER}": 4, f"KHN@{EARLIER}": 3}
DISASTER = "flood-2021-loukkos"  # FLOOD-2021's: its decisions and orders are flood relief
# Decisions proposed (and approved two hours later): when, programme, province, component,
# amount, and when its payment was confirmed (None: not paid yet).
DECIDED = [
    (FIRST, ASSOCIATIONS, "KHN", "grant", "160000.00", None),
    (FIRST, FLOODS, "LAR", "housing_aid", "15000.00", None),
    (SECOND, ASSOCIATIONS, "KHN", "grant", "1468411.00", None),
    (SECOND, FLOODS, "LAR", "emergency_aid", "3000.00", SECOND + timedelta(days=1)),
]
DECISIONS = {"all": 4, f"all@{EARLIER}": 2}
RELIEF = {  # (province, component) -> (decisions, decided, paid)
    "now": {
        ("LAR", "housing_aid"): ("1", "15000.00", "0.00"),
        ("LAR", "emergency_aid"): ("1", "3000.00", "3000.00"),
    },
    EARLIER: {("LAR", "housing_aid"): ("1", "15000.00", "0.00")},
}
# Each envelope's movements: (when, movement, centimes). What its row shows now and as of
# EARLIER follows (BUDGETS); the months of its posted holds are the disbursements.
MOVEMENTS = {
    (ASSOCIATIONS, "KHN"): [
        (FIRST - timedelta(days=30), "allocated", 316_000_000),
        (FIRST, "held", 16_000_000),
        (FIRST + timedelta(days=1), "posted", 16_000_000),
        (SECOND, "held", 146_841_100),
        (SECOND + timedelta(days=1), "posted", 100_000_000),
    ],
    (FLOODS, "LAR"): [
        (FIRST - timedelta(days=30), "allocated", 50_000_000),
        (SECOND, "held", 300_000),
        (SECOND + timedelta(days=1), "posted", 300_000),
    ],
}
BUDGETS = {  # (programme code, province) -> (allocated, held, disbursed, available)
    "now": {
        ("KHN-ASSOC-2021", "KHN"): ("3160000.00", "468411.00", "1160000.00", "1531589.00"),
        ("FLOOD-2021", "LAR"): ("500000.00", "0.00", "3000.00", "497000.00"),
    },
    EARLIER: {
        ("KHN-ASSOC-2021", "KHN"): ("3160000.00", "0.00", "160000.00", "3000000.00"),
        ("FLOOD-2021", "LAR"): ("500000.00", "0.00", "0.00", "500000.00"),
    },
}
DISBURSED = {  # (month, programme code, province) -> amount
    "now": {
        ("2021-03", "KHN-ASSOC-2021", "KHN"): "160000.00",
        ("2021-06", "KHN-ASSOC-2021", "KHN"): "1000000.00",
        ("2021-06", "FLOOD-2021", "LAR"): "3000.00",
    },
    EARLIER: {("2021-03", "KHN-ASSOC-2021", "KHN"): "160000.00"},
}


@dataclass
class Published:
    """Events in the order a relay would publish them, each with its aggregate's next version."""

    messages: list[OutboundMessage] = field(default_factory=list)
    _positions: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    _versions: dict[uuid.UUID, int] = field(default_factory=dict)

    def add(
        self, topic: str, payload: Contract, aggregate: uuid.UUID, at: datetime, origin: str
    ) -> None:
        version = self._versions.get(aggregate, 0) + 1
        self._versions[aggregate] = version
        value = Envelope.encode_fields(
            payload,
            origin=origin,
            position=next(self._positions),
            aggregate_id=aggregate,
            aggregate_version=version,
            occurred_at=at,
            actor="dashboard-test",
            reason=None,
        )
        self.messages.append(OutboundMessage(topic, str(aggregate).encode(), value, {}))


def _programme(
    programme_id: uuid.UUID, code: str, name: str, kind: str, disaster: str | None
) -> ProgrammeCreatedV2:
    return ProgrammeCreatedV2(
        programme_id=programme_id, code=code, name=name, kind=kind, form="cash",
        cycle_kind="fiscal_year", trigger="impact", components=[], provinces=["KHN", "LAR"],
        disaster=disaster, declared_provinces=[], payment_list_approvals=2, actor="admin",
    )  # fmt: skip


def _decided(
    out: Published, at: datetime, programme_id: uuid.UUID, province: str, component: str,
    amount: str, paid_at: datetime | None,
) -> None:  # fmt: skip
    """A decision proposed at `at`, approved two hours later, and if `paid_at`, its payment
    order issued the day before and confirmed then, in one instalment."""
    decision, subject, money = uuid.uuid4(), uuid.uuid4(), Amount(amount=amount, currency="MAD")
    proposal = DecisionProposedV1(
        decision_id=decision, programme_id=programme_id, cycle="2021", component=component,
        subject_id=subject, province_code=province, amount=money, items=[],
        needs_authorisation=False, actor="caseworker", reason=None,
    )  # fmt: skip
    out.add(DECISIONS_TOPIC, proposal, decision, at, "grants")
    approval = DecisionApprovedV1(decision_id=decision, actor="approver", reason=None)
    out.add(DECISIONS_TOPIC, approval, decision, at + timedelta(hours=2), "grants")
    if paid_at is None:
        return
    order = uuid.uuid5(decision, "order")
    issued = PaymentOrderIssuedV1(
        order_id=order, decision_id=decision, programme_id=programme_id, cycle="2021",
        component=component, subject_id=subject, province_code=province, payment_list_id=None,
        amount=money, instalments=[money], actor="grants", reason=None,
    )  # fmt: skip
    out.add(ORDERS_TOPIC, issued, order, paid_at - timedelta(days=1), "grants")
    confirmed = PaymentConfirmedV1(
        order_id=order, instalment=1, actor="provider", reason=None, provider_reference="P-1"
    )
    out.add(ORDERS_TOPIC, confirmed, order, paid_at, "grants")


def _amount(centimes: int) -> Amount:
    return Amount.of_centimes(centimes)


def _envelope(out: Published, programme_id: uuid.UUID, province: str) -> None:
    """An envelope's opening and movements, each with the balances after it, as grants
    publishes them; one hold per envelope (the decisions' amounts)."""
    envelope = uuid.uuid5(programme_id, f"2021/{province}")
    hold = uuid.uuid5(envelope, "hold")
    movements = MOVEMENTS[(programme_id, province)]
    opened = EnvelopeOpenedV1(
        envelope_id=envelope, programme_id=programme_id, cycle="2021", province_code=province,
        actor="admin", reason="budget 2021",
    )  # fmt: skip
    out.add(ENVELOPES_TOPIC, opened, envelope, movements[0][0] - timedelta(hours=1), "grants")
    allocated = held = disbursed = 0
    for at, movement, centimes in movements:
        if movement == "allocated":
            allocated += centimes
        elif movement == "held":
            held += centimes
        else:
            held, disbursed = held - centimes, disbursed + centimes
        balances = EnvelopeBalances(
            allocated=_amount(allocated), transferred_in=_amount(0),
            transferred_out=_amount(0), held=_amount(held), disbursed=_amount(disbursed),
            available=_amount(allocated - held - disbursed),
        )  # fmt: skip
        common = {"envelope_id": envelope, "amount": _amount(centimes),
                  "balances_after": balances, "actor": "grants", "reason": "seed"}  # fmt: skip
        payload: Contract
        if movement == "allocated":
            payload = EnvelopeAllocatedV1(**common)
        elif movement == "held":
            payload = EnvelopeHoldPlacedV1(**common, hold_id=hold)
        else:
            payload = EnvelopeHoldPostedV1(**common, hold_id=hold)
        out.add(ENVELOPES_TOPIC, payload, envelope, at, "grants")


def seed_events() -> list[OutboundMessage]:
    out = Published()
    start = FIRST - timedelta(days=60)
    for programme_id, code, name, kind, disaster in (
        (ASSOCIATIONS, "KHN-ASSOC-2021", "Soutien aux associations", "grant_to_association",
         None),
        (FLOODS, "FLOOD-2021", "Inondations 2021", "aid_to_household", DISASTER),
    ):  # fmt: skip
        programme = _programme(programme_id, code, name, kind, disaster)
        out.add(PROGRAMMES_TOPIC, programme, programme_id, start, "grants")
    for at, enrolled in ENROLLED.items():
        for (province, category), count in enrolled.items():
            for i in range(count):
                person = uuid.uuid4()
                payload = BeneficiaryEnrolledV2(
                    beneficiary_id=person, province_code=province, commune_code=None, sex=None,
                    categories=[category],
                )  # fmt: skip
                out.add(BENEFICIARIES_TOPIC, payload, person, at + timedelta(minutes=i), "intake")
    for decided in DECIDED:
        _decided(out, *decided)
    for programme_id, province in MOVEMENTS:
        _envelope(out, programme_id, province)
    return out.messages
