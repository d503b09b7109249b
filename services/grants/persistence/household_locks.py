"""A household's lock, for facts from intake that must see each other (an impact and a claim
read at once on two topics): on PostgreSQL an advisory lock held to the end of the
transaction, keyed by two integers (a keyspace apart from the schema lock's one bigint); two
households sharing a key merely take turns. On SQLite the store's writers take turns already."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.orm import Session

_HOUSEHOLD_LOCKS = 1  # the first of the two keys: which of grants' locks it is
# Many households in the order of their keys, so two transactions locking overlapping ones
# (two replicas' batches) never each wait for the other.
_LOCK_HOUSEHOLDS = text(
    "SELECT pg_advisory_xact_lock(:kind, k) FROM unnest(CAST(:keys AS integer[])) AS k"
)


def lock_households(session: Session, household_ids: Sequence[UUID]) -> None:
    if session.get_bind().dialect.name != "postgresql":
        return
    keys = sorted({int.from_bytes(h.bytes[:4], "big", signed=True) for h in household_ids})
    session.execute(_LOCK_HOUSEHOLDS, {"kind": _HOUSEHOLD_LOCKS, "keys": keys})
