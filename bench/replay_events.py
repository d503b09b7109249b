"""A history of intake's and grants' integration events for the replay bench: households
with their members enrolled, impacts and claims, a programme's decisions, orders, payments
and envelope movements, as the relays would publish them (keys, origins, positions, times)."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from shared.contracts.amounts import Amount
from shared.contracts.base import Contract
from shared.contracts.envelope import Envelope
from shared.contracts.grants_decisions import DecisionApprovedV1, DecisionProposedV1
from shared.contracts.grants_envelopes import (
    EnvelopeAllocatedV1,
    EnvelopeBalances,
    EnvelopeHoldPlacedV1,
    EnvelopeHoldPostedV1,
    EnvelopeOpenedV1,
)
from shared.contracts.grants_orders import (
    PaymentConfirmedV1,
    PaymentOrderIssuedV1,
    PaymentSentV1,
)
from shared.contracts.grants_programmes import ProgrammeComponent, ProgrammeCreatedV2
from shared.contracts.intake import (
    BeneficiaryEnrolledV2,
    BeneficiaryMovedV1,
    BeneficiaryStatusChangedV1,
)
from shared.contracts.intake_claims import ReliefClaimedV1
from shared.contracts.intake_households import (
    HouseholdDisasterImpactRecordedV1,
    HouseholdMemberAddedV1,
    HouseholdRegisteredV1,
)
from shared.messaging.records import OutboundMessage

PROVINCES = ["KHN", "LAR", "KEN", "SKC", "SSL", "SAF"]
CATEGORIES = ["disability", "elderly_without_support", "disaster_affected", "orphan"]
DISASTER = "floods-2026-02-north-west"
RELIEF = 250_000  # centimes per household: 2,500.00 MAD
START = datetime(2021, 1, 1, tzinfo=UTC)


@dataclass
class Log:
    origin: str
    position: int = 0


class History:
    def __init__(self, seed: int = 11) -> None:
        self.rng = random.Random(seed)
        self.intake, self.grants = Log("intake"), Log("grants")
        self.versions: dict[uuid.UUID, int] = {}
        self.at = START
        self.programme = uuid.uuid5(uuid.NAMESPACE_URL, "bench-relief")
        self.envelopes: dict[str, uuid.UUID] = {}
        self.balances: dict[str, list[int]] = {}  # allocated, held, disbursed

    def message(
        self, log: Log, topic: str, aggregate: uuid.UUID, payload: Contract, actor: str = "bench"
    ) -> OutboundMessage:
        log.position += 1
        version = self.versions.get(aggregate, 0) + 1
        self.versions[aggregate] = version
        self.at += timedelta(seconds=self.rng.randint(1, 120))
        value = Envelope.encode_fields(
            payload, origin=log.origin, position=log.position, aggregate_id=aggregate,
            aggregate_version=version, occurred_at=self.at, actor=actor, reason=None,
        )  # fmt: skip
        headers = {"event-type": payload.TYPE, "schema-version": str(payload.VERSION)}
        return OutboundMessage(topic, str(aggregate).encode(), value, headers)

    def _balances(self, province: str) -> EnvelopeBalances:
        allocated, held, disbursed = self.balances[province]
        zero = Amount.of_centimes(0)
        return EnvelopeBalances(
            allocated=Amount.of_centimes(allocated), transferred_in=zero, transferred_out=zero,
            held=Amount.of_centimes(held), disbursed=Amount.of_centimes(disbursed),
            available=Amount.of_centimes(allocated - held - disbursed),
        )  # fmt: skip

    def opening(self) -> Iterator[OutboundMessage]:
        component = ProgrammeComponent(code="relief", name="Relief", entitlements=[], items=[])
        created = ProgrammeCreatedV2(
            programme_id=self.programme, code="BENCH-RELIEF", name="Bench relief",
            kind="aid_to_household", form="cash", cycle_kind="disaster", trigger="claim",
            components=[component], provinces=PROVINCES, disaster=DISASTER,
            declared_provinces=PROVINCES, payment_list_approvals=2, actor="admin",
        )  # fmt: skip
        yield self.message(self.grants, "grants.programmes", self.programme, created)
        for province in PROVINCES:
            envelope = uuid.uuid5(self.programme, province)
            self.envelopes[province] = envelope
            self.balances[province] = [10**13, 0, 0]
            opened = EnvelopeOpenedV1(
                envelope_id=envelope, programme_id=self.programme, cycle=DISASTER,
                province_code=province, actor="admin", reason="budget",
            )  # fmt: skip
            yield self.message(self.grants, "grants.envelopes", envelope, opened)
            allocated = EnvelopeAllocatedV1(
                envelope_id=envelope, amount=Amount.of_centimes(10**13),
                balances_after=self._balances(province), actor="admin", reason="budget",
            )  # fmt: skip
            yield self.message(self.grants, "grants.envelopes", envelope, allocated)

    def household(self) -> Iterator[OutboundMessage]:
        """One household: ~15 events through intake and grants."""
        rng = self.rng
        province = rng.choice(PROVINCES)
        people = [uuid.uuid4() for _ in range(3)]
        for person in people:
            enrolled = BeneficiaryEnrolledV2(
                beneficiary_id=person, province_code=province, commune_code=f"{province}-001",
                sex=rng.choice(["F", "M"]), categories=rng.sample(CATEGORIES, rng.randint(1, 2)),
            )  # fmt: skip
            yield self.message(self.intake, "intake.beneficiaries", person, enrolled)
        household = uuid.uuid4()
        registered = HouseholdRegisteredV1(
            household_id=household, head_id=people[0], province_code=province,
            commune_code=f"{province}-001",
        )  # fmt: skip
        yield self.message(self.intake, "intake.households", household, registered)
        for member in people[1:]:
            added = HouseholdMemberAddedV1(
                household_id=household, beneficiary_id=member, relation="child"
            )
            yield self.message(self.intake, "intake.households", household, added)
        if rng.random() < 0.1:
            changed = BeneficiaryStatusChangedV1(beneficiary_id=people[2], status="suspended")
            yield self.message(self.intake, "intake.beneficiaries", people[2], changed)
        if rng.random() < 0.05:
            moved = BeneficiaryMovedV1(
                beneficiary_id=people[1], province_code="KHN", commune_code="KHN-001"
            )
            yield self.message(self.intake, "intake.beneficiaries", people[1], moved)
        impact = HouseholdDisasterImpactRecordedV1(
            household_id=household, province_code=province, disaster=DISASTER,
            evacuated=rng.random() < 0.3, damage=rng.choice(["repairable", "destroyed"]),
        )  # fmt: skip
        yield self.message(self.intake, "intake.households", household, impact)
        claim = uuid.uuid5(household, DISASTER)
        claimed = ReliefClaimedV1(
            claim_id=claim, household_id=household, claimant_id=people[0], disaster=DISASTER,
            province_code=province, channel="sms", claimed_at=self.at,
        )  # fmt: skip
        yield self.message(self.intake, "intake.claims", claim, claimed)
        yield from self._paid(household, province)

    def _paid(self, household: uuid.UUID, province: str) -> Iterator[OutboundMessage]:
        decision = uuid.uuid5(self.programme, str(household))
        amount = Amount.of_centimes(RELIEF)
        proposed = DecisionProposedV1(
            decision_id=decision, programme_id=self.programme, cycle=DISASTER,
            component="relief", subject_id=household, province_code=province, amount=amount,
            items=[], needs_authorisation=False, actor="grants", reason=None,
        )  # fmt: skip
        yield self.message(self.grants, "grants.decisions", decision, proposed)
        approved = DecisionApprovedV1(decision_id=decision, actor="approver", reason=None)
        yield self.message(self.grants, "grants.decisions", decision, approved, "approver")
        envelope = self.envelopes[province]
        self.balances[province][1] += RELIEF
        held = EnvelopeHoldPlacedV1(
            envelope_id=envelope, amount=amount, balances_after=self._balances(province),
            actor="approver", reason="approved", hold_id=decision,
        )  # fmt: skip
        yield self.message(self.grants, "grants.envelopes", envelope, held)
        order = uuid.uuid5(decision, "order")
        issued = PaymentOrderIssuedV1(
            order_id=order, decision_id=decision, programme_id=self.programme, cycle=DISASTER,
            component="relief", subject_id=household, province_code=province,
            payment_list_id=None, amount=amount, instalments=[amount], actor="grants",
            reason=None,
        )  # fmt: skip
        yield self.message(self.grants, "grants.orders", order, issued)
        sent = PaymentSentV1(
            order_id=order, instalment=1, actor="grants", reason=None, provider_reference="P"
        )
        yield self.message(self.grants, "grants.orders", order, sent)
        confirmed = PaymentConfirmedV1(
            order_id=order, instalment=1, actor="provider", reason=None, provider_reference="P"
        )
        yield self.message(self.grants, "grants.orders", order, confirmed)
        self.balances[province][1] -= RELIEF
        self.balances[province][2] += RELIEF
        posted = EnvelopeHoldPostedV1(
            envelope_id=envelope, amount=amount, balances_after=self._balances(province),
            actor="provider", reason="paid", hold_id=decision,
        )  # fmt: skip
        yield self.message(self.grants, "grants.envelopes", envelope, posted)


def history(events: int, seed: int = 11) -> Iterator[OutboundMessage]:
    """About `events` messages (whole households), in the order the relays publish them."""
    h = History(seed)
    n = 0
    for m in h.opening():
        n += 1
        yield m
    while n < events:
        for m in h.household():
            n += 1
            yield m


TOPICS = [
    "intake.beneficiaries", "intake.households", "intake.claims", "intake.institutions",
    "intake.associations", "grants.programmes", "grants.decisions", "grants.payment-lists",
    "grants.orders", "grants.envelopes",
]  # fmt: skip
