"""INSERT ... ON CONFLICT on the databases we run on, written in one place.

PostgreSQL and SQLite spell it alike in SQL, but SQLAlchemy has a separate `Insert` construct
per dialect: this module is the one switch between them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table, case, func, text
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


def upsert_rows(
    session: Executor, table: Table, rows: Sequence[Mapping[str, Any]], *, key: Sequence[str]
) -> None:
    """`upsert` (without `changes`) for many rows at once: one statement executed for all of
    them (psycopg sends them in one pipeline), not a statement and a round trip each."""
    if not rows:
        return
    statement = insert_into(session, table)
    changes = {c: statement.excluded[c] for c in rows[0] if c not in key}
    statement = statement.on_conflict_do_update(index_elements=list(key), set_=changes)
    session.execute(statement, [dict(row) for row in rows])


def insert_rows_unless_present(
    session: Executor, table: Table, rows: Sequence[Mapping[str, Any]]
) -> None:
    """`insert_unless_present` for many rows at once."""
    if not rows:
        return
    if _dialect(session) == "postgresql":
        _unnested(session, table, rows, "DO NOTHING")
        return
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
    """Insert the rows, or on a conflict on `key` take the new row's values only where its
    `version` is above the one there, so a row written from an older state of its record (a
    rebuild racing a live save) never replaces a newer one. Columns in `kept` keep their
    value once they have one. The rows' keys must differ (a statement changes a row once)."""
    if not rows:
        return
    columns = [c for c in rows[0] if c not in key]
    if _dialect(session) == "postgresql":
        newer_sql = f"EXCLUDED.{version} > t.{version}"
        sets = ", ".join(
            f"{c} = COALESCE(t.{c}, EXCLUDED.{c})"
            if c in kept
            else f"{c} = CASE WHEN {newer_sql} THEN EXCLUDED.{c} ELSE t.{c} END"
            for c in columns
        )
        _unnested(session, table, rows, f"({', '.join(key)}) DO UPDATE SET {sets}")
        return
    statement = insert_into(session, table)
    newer = statement.excluded[version] > table.c[version]
    changes: dict[str, Any] = {
        c: func.coalesce(table.c[c], statement.excluded[c])
        if c in kept
        else case((newer, statement.excluded[c]), else_=table.c[c])
        for c in columns
    }
    statement = statement.on_conflict_do_update(index_elements=list(key), set_=changes)
    session.execute(statement, [dict(row) for row in rows])


def _dialect(session: Executor) -> str:
    bind = session if isinstance(session, Connection) else session.get_bind()
    return bind.dialect.name


def _unnested(
    session: Executor, table: Table, rows: Sequence[Mapping[str, Any]], on_conflict: str
) -> None:
    """PostgreSQL: all the rows in one statement, one array parameter per column (unnest),
    several times faster than an executemany of one row each."""
    bind = session if isinstance(session, Connection) else session.get_bind()
    columns = list(rows[0])
    arrays = ", ".join(
        f"CAST(:c{n} AS {table.c[c].type.compile(dialect=bind.dialect)}[])"
        for n, c in enumerate(columns)
    )
    sql = (
        f"INSERT INTO {table.name} AS t ({', '.join(columns)}) "
        f"SELECT * FROM unnest({arrays}) ON CONFLICT {on_conflict}"
    )
    values = {f"c{n}": [row[c] for row in rows] for n, c in enumerate(columns)}
    session.execute(text(sql), values)
