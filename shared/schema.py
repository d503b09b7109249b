"""Creating a service's tables once, whoever starts first.

Each process of a service creates the tables it needs as it starts (CREATE TABLE when they
do not exist yet). Two processes doing so at the same moment on a new database (the HTTP
workers and the relay of `taawun serve`, or two replicas) collide inside PostgreSQL's
catalog and one of them fails. A PostgreSQL advisory lock, held while a service is built,
makes them take turns; the later ones find the tables there.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

# Any fixed number: the lock is per database, so the services' databases never contend.
SCHEMA_LOCK = 0x7461_6177_756E  # "taawun"

# The databases whose lock this thread holds. The lock is a session's, and each holder opens
# its own session: a builder that takes it inside a caller that already holds it (reporting's
# bootstrap inside `build_on_kafka`) would wait for itself forever.
_held = threading.local()


@contextmanager
def schema_lock(database_url: str) -> Iterator[None]:
    """Hold the database's schema lock (PostgreSQL; elsewhere, one process: nothing). Taken
    again by the thread that holds it, it is already held: nothing more."""
    held: set[str] = _held.__dict__.setdefault("urls", set())
    if not database_url.startswith("postgresql") or database_url in held:
        yield
        return
    dsn = database_url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute("SELECT pg_advisory_lock(%s)", (SCHEMA_LOCK,))
        held.add(database_url)
        try:
            yield
        finally:
            held.discard(database_url)
            connection.execute("SELECT pg_advisory_unlock(%s)", (SCHEMA_LOCK,))
