"""The envelope's ledger arithmetic and rules, on the aggregate alone."""

from __future__ import annotations

import copy
import uuid
from contextlib import AbstractContextManager

import pytest

from services.grants.domain.envelope import Envelope
from services.grants.domain.envelope_rules import (
    AmountMustBePositive,
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
from shared.money import Money
from shared.rules import BusinessRule, BusinessRuleBroken

PROGRAMME = uuid.UUID("00000000-0000-4000-8000-000000000001")
MAD = Money.mad


def envelope(province_code: str = "KHN", programme_id: uuid.UUID = PROGRAMME) -> Envelope:
    return Envelope.open(
        programme_id=programme_id,
        cycle_id="FY2021",
        province_code=province_code,
        actor="admin-1",
        reason="2021 budget approved by the board",
    )


def refused(
    rule: type[BusinessRule],
) -> AbstractContextManager[pytest.ExceptionInfo[BusinessRuleBroken]]:
    return pytest.raises(BusinessRuleBroken, check=lambda e: isinstance(e.rule, rule))


def test_one_envelope_per_programme_cycle_and_province() -> None:
    assert envelope().id == envelope().id == Envelope.create_id(PROGRAMME, "FY2021", "KHN")
    assert envelope("LAR").id != envelope().id
    assert envelope(programme_id=uuid.uuid4()).id != envelope().id


def test_the_khenifra_2021_grants_are_held_and_paid_to_the_centime() -> None:
    khenifra = envelope()
    khenifra.allocate(amount=MAD("4628411.00"), actor="admin-1", reason="2021 budget")
    institutions, centre, disability = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    khenifra.place_hold(hold_id=institutions, amount=MAD("3000000.00"), actor="ap", reason="d1")
    khenifra.place_hold(hold_id=centre, amount=MAD("160000.00"), actor="ap", reason="d2")
    khenifra.place_hold(hold_id=disability, amount=MAD("1468411.00"), actor="ap", reason="d3")
    assert khenifra.available == Money.zero()
    assert khenifra.held == MAD("4628411.00")

    khenifra.post_hold(hold_id=institutions, actor="bank", reason="confirmed")
    khenifra.release_hold(hold_id=centre, actor="bank", reason="account closed")
    assert (khenifra.available, khenifra.held, khenifra.disbursed) == (
        MAD("160000.00"), MAD("1468411.00"), MAD("3000000.00"),
    )  # fmt: skip
    assert khenifra.hold_status(institutions) is HoldStatus.POSTED
    assert khenifra.hold_status(centre) is HoldStatus.RELEASED
    assert khenifra.hold_status(disability) is HoldStatus.OPEN


def test_a_hold_above_what_is_available_is_refused_and_changes_nothing() -> None:
    small = envelope()
    small.allocate(amount=MAD("6000.00"), actor="admin-1", reason="budget")
    small.place_hold(hold_id=uuid.uuid4(), amount=MAD("5999.99"), actor="ap", reason="d")
    version = small.version
    with refused(HoldMustNotExceedAvailable) as raised:
        small.place_hold(hold_id=uuid.uuid4(), amount=MAD("0.02"), actor="ap", reason="d")
    assert raised.value.field == "amount" and raised.value.conflict
    assert (small.version, small.available, len(small.holds)) == (version, MAD("0.01"), 1)
    small.place_hold(hold_id=uuid.uuid4(), amount=MAD("0.01"), actor="ap", reason="d")
    assert small.available == Money.zero()


def test_amounts_are_above_zero() -> None:
    e = envelope()
    for amount in (Money.zero(), Money(-1)):
        with refused(AmountMustBePositive) as raised:
            e.allocate(amount=amount, actor="admin-1", reason="x")
        assert raised.value.field == "amount" and not raised.value.conflict
    with refused(AmountMustBePositive):
        e.place_hold(hold_id=uuid.uuid4(), amount=Money.zero(), actor="ap", reason="d")
    assert e.version == 1


def test_a_hold_is_placed_once_and_resolved_once() -> None:
    e = envelope()
    e.allocate(amount=MAD("100"), actor="admin-1", reason="x")
    paid, failed = uuid.uuid4(), uuid.uuid4()
    e.place_hold(hold_id=paid, amount=MAD("10"), actor="ap", reason="d")
    e.place_hold(hold_id=failed, amount=MAD("10"), actor="ap", reason="d")
    with refused(HoldMustBePlacedOnce):
        e.place_hold(hold_id=paid, amount=MAD("10"), actor="ap", reason="again")
    e.post_hold(hold_id=paid, actor="bank", reason="ok")
    e.release_hold(hold_id=failed, actor="bank", reason="rejected")
    version = e.version
    with refused(HoldMustNotBeAlreadyPosted):
        e.post_hold(hold_id=paid, actor="bank", reason="confirmed twice")
    with refused(HoldMustNotBeAlreadyPosted):
        e.release_hold(hold_id=paid, actor="bank", reason="too late")
    with refused(HoldMustNotBeAlreadyReleased):
        e.release_hold(hold_id=failed, actor="bank", reason="twice")
    with refused(HoldMustNotBeAlreadyReleased):
        e.post_hold(hold_id=failed, actor="bank", reason="late confirmation")
    with refused(HoldMustBeKnown) as raised:
        e.post_hold(hold_id=uuid.uuid4(), actor="bank", reason="?")
    assert raised.value.field == "hold_id"
    assert e.version == version
    assert (e.available, e.held, e.disbursed) == (MAD("90"), Money.zero(), MAD("10"))


def test_instalments_post_and_release_their_parts_and_a_retry_takes_back_the_failed_one() -> None:
    e = envelope()
    e.allocate(amount=MAD("100"), actor="admin-1", reason="x")
    grant = uuid.uuid4()
    e.place_hold(hold_id=grant, amount=MAD("60"), actor="ap", reason="decision")
    e.post_hold(hold_id=grant, amount=MAD("20"), actor="bank", reason="instalment 1 paid")
    e.release_hold(hold_id=grant, amount=MAD("40"), actor="bank", reason="instalment 2 failed")
    assert (e.available, e.held, e.disbursed) == (MAD("80"), Money.zero(), MAD("20"))
    assert e.hold_status(grant) is HoldStatus.RELEASED
    version = e.version
    with refused(HoldMayTakeBackOnlyWhatItReleased):
        e.take_back(hold_id=grant, amount=MAD("40.01"), actor="ap", reason="retry")
    with refused(HoldMustBeKnown):
        e.take_back(hold_id=uuid.uuid4(), amount=MAD("1"), actor="ap", reason="retry")
    assert e.version == version
    e.take_back(hold_id=grant, amount=MAD("40"), actor="ap", reason="instalment 2 retried")
    assert (e.available, e.held, e.hold_status(grant)) == (MAD("40"), MAD("40"), HoldStatus.OPEN)
    with refused(HoldMustCoverTheAmount):
        e.post_hold(hold_id=grant, amount=MAD("40.01"), actor="bank", reason="too much")
    e.post_hold(hold_id=grant, actor="bank", reason="instalment 2 paid")
    assert (e.available, e.held, e.disbursed) == (MAD("40"), Money.zero(), MAD("60"))
    assert e.hold_status(grant) is HoldStatus.POSTED  # what it gave back, it took back: all paid
    assert e.holds[grant].posted == MAD("60")


def test_a_retry_takes_back_only_what_the_envelope_still_has() -> None:
    e = envelope()
    e.allocate(amount=MAD("100"), actor="admin-1", reason="x")
    failed, other = uuid.uuid4(), uuid.uuid4()
    e.place_hold(hold_id=failed, amount=MAD("70"), actor="ap", reason="d")
    e.release_hold(hold_id=failed, actor="bank", reason="account closed")
    e.place_hold(hold_id=other, amount=MAD("50"), actor="ap", reason="another decision")
    with refused(HoldMustNotExceedAvailable) as raised:
        e.take_back(hold_id=failed, amount=MAD("70"), actor="ap", reason="retry")
    assert raised.value.conflict
    assert (e.available, e.held) == (MAD("50"), MAD("50"))


def test_a_transfer_debits_one_envelope_and_credits_the_other() -> None:
    khenifra, larache = envelope(), envelope("LAR")
    khenifra.allocate(amount=MAD("1000"), actor="admin-1", reason="x")
    transfer_id = uuid.uuid4()
    khenifra.transfer_to(
        larache, transfer_id=transfer_id, amount=MAD("400"), actor="admin-1", reason="floods"
    )
    assert (khenifra.available, khenifra.credited, khenifra.transferred_out) == (
        MAD("600"), MAD("600"), MAD("400"),
    )  # fmt: skip
    assert (larache.available, larache.transferred_in) == (MAD("400"), MAD("400"))
    [out] = [e for e in khenifra.collect_events() if isinstance(e, Envelope.TransferredOut)]
    [into] = [e for e in larache.collect_events() if isinstance(e, Envelope.TransferredIn)]
    assert (out.transfer_id, out.to_envelope_id) == (transfer_id, larache.id)
    assert (into.transfer_id, into.from_envelope_id) == (transfer_id, khenifra.id)


def test_a_transfer_never_takes_the_debited_envelope_below_zero() -> None:
    khenifra, larache = envelope(), envelope("LAR")
    khenifra.allocate(amount=MAD("1000"), actor="admin-1", reason="x")
    khenifra.place_hold(hold_id=uuid.uuid4(), amount=MAD("700"), actor="ap", reason="d")
    with refused(TransferMustNotExceedAvailable) as raised:
        khenifra.transfer_to(
            larache, transfer_id=uuid.uuid4(), amount=MAD("300.01"), actor="a", reason="r"
        )
    assert raised.value.conflict
    assert (khenifra.version, larache.version) == (3, 1)


def test_a_transfer_stays_in_one_programme_between_two_envelopes() -> None:
    khenifra = envelope()
    khenifra.allocate(amount=MAD("1000"), actor="admin-1", reason="x")
    with refused(TransferMustStayInTheProgramme):
        khenifra.transfer_to(
            envelope(programme_id=uuid.uuid4()),
            transfer_id=uuid.uuid4(), amount=MAD("1"), actor="a", reason="r",
        )  # fmt: skip
    with refused(TransferMustJoinTwoEnvelopes):
        khenifra.transfer_to(
            khenifra, transfer_id=uuid.uuid4(), amount=MAD("1"), actor="a", reason="r"
        )
    assert khenifra.available == MAD("1000")


def test_an_envelope_names_its_province() -> None:
    with refused(ProvinceMustBeNamed) as raised:
        envelope(" ")
    assert raised.value.field == "province_code"


def test_every_movement_says_who_and_why() -> None:
    e = envelope()
    e.allocate(amount=MAD("10"), actor="admin-2", reason="top-up")
    hold = uuid.uuid4()
    e.place_hold(hold_id=hold, amount=MAD("10"), actor="approver-3", reason="decision 7")
    e.post_hold(hold_id=hold, actor="provider", reason="camt.054 line 4")
    assert [(type(x).__name__, x.actor, x.reason) for x in e.collect_events()] == [  # type: ignore[attr-defined]
        ("Opened", "admin-1", "2021 budget approved by the board"),
        ("Allocated", "admin-2", "top-up"),
        ("HoldPlaced", "approver-3", "decision 7"),
        ("HoldPosted", "provider", "camt.054 line 4"),
    ]


def test_a_copy_of_an_envelope_changes_apart_from_it() -> None:
    e = envelope()
    e.allocate(amount=MAD("100"), actor="admin-1", reason="x")
    e.collect_events()
    clone = copy.deepcopy(e)
    clone.place_hold(hold_id=uuid.uuid4(), amount=MAD("10"), actor="ap", reason="d")
    assert (len(e.holds), e.held, e.version, e.collect_events()) == (0, Money.zero(), 2, [])
    assert (len(clone.holds), clone.held, clone.version) == (1, MAD("10"), 3)
    assert len(clone.collect_events()) == 1
