"""Waking a service's outbox relay from an HTTP handler."""

from __future__ import annotations

from fastapi import Request


def wake_relay(request: Request) -> None:
    """New events are stored: have the relay publish now rather than at its next poll."""
    relay = getattr(request.app.state, "relay", None)
    if relay is not None:
        relay.wake()
