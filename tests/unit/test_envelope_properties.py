"""Random sequences of allocate / hold / post / release (whole or in part) / take back /
transfer on two envelopes of one programme, some of them racing another replica, with the
ledger's invariants checked after every step (hypothesis)."""

from __future__ import annotations

import contextlib
import uuid
from collections import Counter
from collections.abc import Callable

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule

from services.grants.application import EnvelopeLedger
from services.grants.domain.envelope import Envelope
from services.grants.persistence.envelopes import EventSourcedEnvelopes
from services.grants.persistence.event_store import in_memory_event_store
from shared.money import Money
from shared.rules import BusinessRuleBroken
from tests.unit.racing_envelopes import Interleaved

PROGRAMME = uuid.UUID("00000000-0000-4000-8000-000000000003")
# Small amounts, some not above zero, so that holds and transfers often meet the limits.
amounts = st.builds(Money, st.integers(min_value=-50, max_value=5_000))
sides = st.sampled_from([0, 1])


class TwoEnvelopes(RuleBasedStateMachine):
    holds = Bundle("holds")

    def __init__(self) -> None:
        super().__init__()
        self.store = in_memory_event_store()
        self.adapter = EventSourcedEnvelopes(self.store)
        self.ledger = EnvelopeLedger(self.adapter, pause=lambda _: None)
        self.ids = [
            self.ledger.open_envelope(
                programme_id=PROGRAMME, cycle_id="FY2026", province_code=province,
                actor="admin", reason="opened",
            )
            for province in ("LAR", "KEN")
        ]  # fmt: skip
        self.allocated_in_total = Money.zero()

    def _refusal_changes_nothing(self, command: Callable[[], object]) -> bool:
        """Runs the command; if a rule refuses it, checks that no envelope changed."""
        before = [self.store.recorder.select_events(i) for i in self.ids]
        try:
            command()
        except BusinessRuleBroken:
            assert [self.store.recorder.select_events(i) for i in self.ids] == before
            return False
        return True

    @rule(side=sides, amount=amounts)
    def allocate(self, side: int, amount: Money) -> None:
        done = self._refusal_changes_nothing(
            lambda: self.ledger.allocate(self.ids[side], amount=amount, actor="a", reason="r")
        )
        assert done == (amount.centimes > 0)
        if done:
            self.allocated_in_total += amount

    @rule(target=holds, side=sides, amount=amounts)
    def place_hold(self, side: int, amount: Money) -> tuple[int, uuid.UUID]:
        hold_id = uuid.uuid4()
        available = self.ledger.envelope(self.ids[side]).available
        done = self._refusal_changes_nothing(
            lambda: self.ledger.place_hold(
                self.ids[side], hold_id=hold_id, amount=amount, actor="ap", reason="d"
            )
        )
        assert done == (0 < amount.centimes <= available.centimes)
        return side, hold_id

    @rule(hold=holds, amount=amounts)
    def place_the_same_hold_again(self, hold: tuple[int, uuid.UUID], amount: Money) -> None:
        side, hold_id = hold
        placed = self.ledger.envelope(self.ids[side]).hold_status(hold_id) is not None
        done = self._refusal_changes_nothing(
            lambda: self.ledger.place_hold(
                self.ids[side], hold_id=hold_id, amount=amount, actor="ap", reason="again"
            )
        )
        assert not (placed and done)

    @rule(hold=holds, post=st.booleans(), part=st.one_of(st.none(), amounts))
    def resolve(self, hold: tuple[int, uuid.UUID], post: bool, part: Money | None) -> None:
        """Post or release all the hold holds (`part` None) or one instalment's part."""
        side, hold_id = hold
        found = self.ledger.envelope(self.ids[side]).holds.get(hold_id)
        holding = 0 if found is None else found.amount.centimes
        command = self.ledger.post_hold if post else self.ledger.release_hold
        done = self._refusal_changes_nothing(
            lambda: command(
                self.ids[side], hold_id=hold_id, actor="provider", reason="statement", amount=part
            )
        )
        wanted = holding if part is None else part.centimes
        assert done == (holding > 0 and 0 < wanted <= holding)

    @rule(hold=holds, amount=amounts)
    def take_back(self, hold: tuple[int, uuid.UUID], amount: Money) -> None:
        """A failed payment retried: the hold commits again some of what it released."""
        side, hold_id = hold
        envelope = self.ledger.envelope(self.ids[side])
        found = envelope.holds.get(hold_id)
        released = 0 if found is None else found.released.centimes
        done = self._refusal_changes_nothing(
            lambda: self.ledger.take_back(
                self.ids[side], hold_id=hold_id, amount=amount, actor="ap", reason="retry"
            )
        )
        fits = 0 < amount.centimes <= min(released, envelope.available.centimes)
        assert done == (found is not None and fits)

    @rule(side=sides, amount=amounts)
    def transfer(self, side: int, amount: Money) -> None:
        source, target = self.ids[side], self.ids[1 - side]
        available = self.ledger.envelope(source).available
        done = self._refusal_changes_nothing(
            lambda: self.ledger.transfer(
                from_envelope_id=source, to_envelope_id=target, amount=amount, actor="a",
                reason="r",
            )
        )  # fmt: skip
        assert done == (0 < amount.centimes <= available.centimes)

    @rule(side=sides, mine=amounts, theirs=amounts)
    def racing_holds(self, side: int, mine: Money, theirs: Money) -> None:
        """Another replica places its hold between this one's load and save: this one's
        save loses, and its hold is then judged on what is left after theirs."""
        envelope_id = self.ids[side]
        available = self.ledger.envelope(envelope_id).available.centimes
        other = EnvelopeLedger(self.adapter)

        def their_hold() -> None:
            with contextlib.suppress(BusinessRuleBroken):
                other.place_hold(
                    envelope_id, hold_id=uuid.uuid4(), amount=theirs, actor="r2", reason="d"
                )

        interleaved = Interleaved(self.adapter, [their_hold])
        racing = EnvelopeLedger(interleaved, pause=lambda _: None)
        version = self.ledger.envelope(envelope_id).version
        try:
            racing.place_hold(
                envelope_id, hold_id=uuid.uuid4(), amount=mine, actor="r1", reason="d"
            )
            done = True
        except BusinessRuleBroken:
            done = False
        # Theirs runs when this one gets as far as saving: its hold fitted when it loaded.
        raced = 0 < mine.centimes <= available
        theirs_done = raced and 0 < theirs.centimes <= available
        if theirs_done:
            available -= theirs.centimes
        assert done == (0 < mine.centimes <= available)
        # It saved once, and again after losing to theirs; a refusal on reload saves nothing.
        assert interleaved.saves == (0 if not raced else 1 + theirs_done if done else 1)
        # A refused hold wrote nothing: only theirs, if it fitted, is new.
        assert self.ledger.envelope(envelope_id).version == version + theirs_done + done

    @invariant()
    def never_negative_and_balanced(self) -> None:
        envelopes = [self._replayed(i) for i in self.ids]
        for e in envelopes:
            for amount in (e.available, e.held, e.disbursed, e.allocated):
                assert amount.centimes >= 0
            assert e.allocated + e.transferred_in - e.transferred_out == (
                e.available + e.held + e.disbursed
            )
            open_holds = [h.amount for h in e.holds.values() if h.status == "open"]
            assert sum((a.centimes for a in open_holds), 0) == e.held.centimes
        # Transfers move money between the two; racing holds allocate nothing.
        assert sum(e.allocated.centimes for e in envelopes) == self.allocated_in_total.centimes
        assert sum(e.transferred_in.centimes for e in envelopes) == sum(
            e.transferred_out.centimes for e in envelopes
        )

    @invariant()
    def no_hold_gives_more_than_it_was_given(self) -> None:
        """Walked through the stored events: a hold is placed once, then only takes back what
        it released, and never posts or releases more than it holds."""
        for envelope_id in self.ids:
            holding: dict[uuid.UUID, int] = {}
            released: Counter[uuid.UUID] = Counter()
            for e in self.store.repository.event_store.get(envelope_id):
                if isinstance(e, Envelope.HoldPlaced):
                    if e.hold_id in holding:
                        assert e.amount.centimes <= released[e.hold_id]
                        released[e.hold_id] -= e.amount.centimes
                    holding[e.hold_id] = holding.get(e.hold_id, 0) + e.amount.centimes
                elif isinstance(e, (Envelope.HoldPosted, Envelope.HoldReleased)):
                    assert 0 < e.amount.centimes <= holding.get(e.hold_id, 0)
                    holding[e.hold_id] -= e.amount.centimes
                    if isinstance(e, Envelope.HoldReleased):
                        released[e.hold_id] += e.amount.centimes

    def _replayed(self, envelope_id: uuid.UUID) -> Envelope:
        envelope = self.adapter.get(envelope_id)
        assert envelope is not None
        return envelope


TwoEnvelopes.TestCase.settings = settings(max_examples=150, stateful_step_count=30, deadline=None)
test_two_envelopes_stay_exact_and_never_negative = TwoEnvelopes.TestCase
