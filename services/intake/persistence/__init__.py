"""Intake's adapters: the event store, the register, indexes, key vault, job store."""
