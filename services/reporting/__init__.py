"""Reporting: read models rebuilt from the other services' event streams."""
