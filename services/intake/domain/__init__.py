"""Intake's pure domain: aggregates and rules, no I/O."""
