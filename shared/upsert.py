"""INSERT ... ON CONFLICT on the databases we run on, written in one place.

PostgreSQL and SQLite spell it alike in SQL, but SQLAlchemy has a separate `Insert` construct
per dialect: this module is the one switch between them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

Insert = postgresql.Insert | sqlite.Insert
# An ORM session or a Core connection: both execute statements and know their database.
Executor = Session | Connection


def insert_into(session: Executor, table: Table) -> Insert:
    """An INSERT into `table` that knows `ON CONFLICT` on the session's database."""
    bind = session if isinstance(session, Connection) else session.get_bind()
    if bind.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def insert_unless_present(session: Executor, table: Table, values: Mapping[str, Any]) -> None:
    """Insert the row; a row already there with the same key is left as it is."""
    session.execute(insert_into(session, table).values(**values).on_conflict_do_nothing())


def upsert(
    session: Executor,
    table: Table,
    values: Mapping[str, Any],
    *,
    key: Sequence[str],
    changes: Mapping[str, Any] | None = None,
) -> None:
    """Insert the row, or on a conflict on `key` apply `changes` to the row already there.

    Without `changes`, the row there takes the new row's values for every column but the key.
    """
    statement = insert_into(session, table).values(**values)
    if changes is None:
        changes = {c: statement.excluded[c] for c in values if c not in key}
    session.execute(statement.on_conflict_do_update(index_elements=list(key), set_=dict(changes)))
