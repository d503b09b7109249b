"""Reporting's interfaces: HTTP and the consumer of intake's and grants' events."""
