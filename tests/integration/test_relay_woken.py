"""Commands wake their service's relay (`shared/http/relay.py`: the relay the HTTP app holds),
so their events are published at once rather than at the relay's next poll. Grants' app held
none: its approvals reached reporting a poll interval late (bench/projection_lag.py)."""

from __future__ import annotations

from pathlib import Path

from tests.platform import embedded_platform


async def test_every_service_that_relays_hands_its_relay_to_its_commands(tmp_path: Path) -> None:
    async with embedded_platform(tmp_path, start_relay=False) as platform:
        for runtime in (platform.intake, platform.grants):
            assert runtime.relay is not None
            assert getattr(runtime.http.state, "relay", None) is runtime.relay, runtime.name
