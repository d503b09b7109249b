"""Grants' interfaces: HTTP, the consumer of intake's events, and what grants publishes."""
