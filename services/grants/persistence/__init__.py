"""Adapters of grants' ports: the event store (SQLite or PostgreSQL through SQLAlchemy, or
eventsourcing's in-memory POPO store) and its transaction."""
