"""The readiness rule for a relay, driven by a fake relay and a fake clock."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from shared.messaging.relay_watch import RelayState, RelayWatch

STALL = 10.0


@dataclass
class FakeRelay:
    now: float = 1000.0
    current: RelayState = field(default_factory=lambda: RelayState(1000.0, 0, 0))
    stall_seconds: float = STALL

    def state(self) -> RelayState:
        return self.current

    def at(self, now: float, **changes: object) -> None:
        """Time moves to `now`; the relay's state changes as given."""
        self.now = now
        self.current = replace(self.current, **changes)  # type: ignore[arg-type]


def watching() -> tuple[FakeRelay, RelayWatch]:
    relay = FakeRelay()
    return relay, RelayWatch(relay, clock=lambda: relay.now)


def test_a_beating_relay_that_has_caught_up_is_healthy() -> None:
    relay, watch = watching()
    relay.at(5000.0, beat_at=4999.0, position=42, head=42)
    assert watch.health().problem is None
    assert watch.health().lag == 0


def test_a_relay_that_never_beat_is_not_started() -> None:
    relay, watch = watching()
    relay.at(1000.0, beat_at=None)
    assert watch.health().problem == "the relay has not started: no heartbeat yet"


def test_a_relay_whose_heartbeat_is_older_than_the_stall_time_is_down() -> None:
    relay, watch = watching()
    relay.at(1000.0 + STALL + 5, beat_at=1000.0)
    problem = watch.health().problem
    assert problem is not None and problem.startswith("no relay heartbeat for 15 s")


def test_a_relay_that_stopped_in_this_process_is_down_even_with_a_fresh_heartbeat() -> None:
    relay, watch = watching()
    relay.at(1000.0, beat_at=1000.0, ended_here="RuntimeError('boom')")
    assert watch.health().problem == "the relay in this process stopped: RuntimeError('boom')"


def test_events_waiting_behind_a_position_that_does_not_move_make_the_relay_stuck() -> None:
    relay, watch = watching()
    relay.at(1000.0, beat_at=1000.0, position=10, head=25)
    assert watch.health().problem is None  # first seen waiting: not yet stuck
    relay.at(1000.0 + STALL - 1, beat_at=1000.0 + STALL - 1)
    assert watch.health().problem is None
    relay.at(1000.0 + STALL, beat_at=1000.0 + STALL)  # alive, but publishing nothing
    health = watch.health()
    assert health.problem == "15 events wait and the relay has not moved for 10 s"
    assert health.lag == 15


def test_a_relay_that_keeps_moving_is_healthy_however_far_behind() -> None:
    relay, watch = watching()
    for step in range(10):
        now = 1000.0 + step * STALL
        relay.at(now, beat_at=now, position=step * 1000, head=1_000_000)
        assert watch.health().problem is None


def test_the_stall_clock_starts_again_once_the_relay_catches_up() -> None:
    relay, watch = watching()
    relay.at(1000.0, beat_at=1000.0, position=10, head=11)
    assert watch.health().problem is None
    relay.at(1001.0, beat_at=1001.0, position=11, head=11)  # caught up
    assert watch.health().problem is None
    later = 1001.0 + 10 * STALL
    relay.at(later, beat_at=later, head=12)  # an event after a long quiet spell
    assert watch.health().problem is None  # not stuck the moment it is first seen
