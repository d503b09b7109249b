"""INSERT ... ON CONFLICT on the databases we run on, written in one place.

PostgreSQL and SQLite spell it alike in SQL, but SQLAlchemy has a separate `Insert` construct
per dialect: this module is the one switch between them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table, case, func
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


def insert_rows_unless_present(
    session: Executor, table: Table, rows: Sequence[Mapping[str, Any]]
) -> None:
    """`insert_unless_present` for many rows, as one executemany."""
    if rows:
        statement = insert_into(session, table).on_conflict_do_nothing()
        session.execute(statement, [dict(row) for row in rows])


def upsert_newer(
    session: Executor,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    *,
    key: Sequence[str],
    version: str = "version",
    kept: Sequence[str] = (),
) -> None:
    """Insert the rows (one executemany), or on a conflict on `key` take the new row's
    values only where its `version` is above the one there, so a row written from an older
    state of its record (a rebuild racing a live save) never replaces a newer one. Columns in
    `kept` keep their value once they have one."""
    if not rows:
        return
    statement = insert_into(session, table)
    newer = statement.excluded[version] > table.c[version]
    changes: dict[str, Any] = {}
    for column in rows[0]:
        if column in key:
            continue
        if column in kept:
            changes[column] = func.coalesce(table.c[column], statement.excluded[column])
        else:
            changes[column] = case((newer, statement.excluded[column]), else_=table.c[column])
    statement = statement.on_conflict_do_update(index_elements=list(key), set_=changes)
    session.execute(statement, [dict(row) for row in rows])
