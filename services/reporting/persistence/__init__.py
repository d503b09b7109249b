"""Adapters of reporting's ports: the read-model tables on SQLite or PostgreSQL (one code
path: the insert switch lives in `shared/upsert.py`) and an in-memory read model for tests."""
