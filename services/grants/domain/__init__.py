"""Grants' pure domain."""
