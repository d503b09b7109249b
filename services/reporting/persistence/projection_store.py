"""Projections' rows in SQL (SQLite embedded, PostgreSQL in production), behind the
`ProjectionStore` port. Every method writes through the session of the transaction the
caller opened (the consumer's inbox, or a replay's), so rows and positions commit together.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import MetaData, Table, bindparam, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from services.reporting.application.projecting import Projection
from services.reporting.application.projection_ports import At, Generation, Place
from services.reporting.application.rows import Changes
from services.reporting.domain.history import Kind, Row
from services.reporting.persistence.projection_tables import (
    catalog,
    catalog_metadata,
    kind_table,
    positions,
)
from shared.upsert import insert_unless_present, upsert_rows

_CHUNK = 5_000  # keys per IN (...) list


class SqlProjectionStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._metadata = MetaData()
        self._tables: dict[tuple[Generation, str], Table] = {}
        catalog_metadata.create_all(engine, checkfirst=True)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with Session(self._engine) as session, session.begin():
            yield session

    def lock_live(self, session: object, names: Sequence[str]) -> None:
        """An update that changes nothing, to hold the catalog rows (PostgreSQL: against the
        live consumer's FOR SHARE; SQLite: the database's one write lock) until the end."""
        cast(Session, session).execute(
            update(catalog)
            .where(catalog.c.projection.in_(list(names)))
            .values(switched_at=catalog.c.switched_at)
        )

    def dump(self, session: object, generation: Generation, kind: Kind) -> list[dict[str, Any]]:
        """Every row of the kind in this generation, history included, without row ids."""
        table = self.table(generation, kind)
        columns = [c for c in table.c if c.name != "row_id"]
        found = cast(Session, session).execute(select(*columns))
        return [row._asdict() for row in found]

    def table(self, generation: Generation, kind: Kind) -> Table:
        found = self._tables.get((generation, kind.name))
        if found is None:
            found = kind_table(self._metadata, generation, kind)
            self._tables[(generation, kind.name)] = found
        return found

    def create(self, generation: Generation, projection: Projection) -> None:
        """The generation's tables, empty (dropped first if a failed build left some)."""
        tables = [self.table(generation, kind) for kind in projection.kinds]
        with self._engine.begin() as conn:
            for table in tables:
                table.drop(conn, checkfirst=True)
                table.create(conn)
            conn.execute(positions.delete().where(positions.c.generation == generation.label))

    def drop(self, generation: Generation, projection: Projection) -> None:
        with self._engine.begin() as conn:
            for kind in projection.kinds:
                self.table(generation, kind).drop(conn, checkfirst=True)
            conn.execute(positions.delete().where(positions.c.generation == generation.label))

    def ensure_live(self, projections: Sequence[Projection]) -> None:
        """A first generation for every projection that has none yet; tables of live ones
        created if missing."""
        with Session(self._engine) as session, session.begin():
            live = self.live(session)
            for p in projections:
                generation = live.get(p.name) or Generation(p.name, p.version, 1)
                for kind in p.kinds:
                    self.table(generation, kind).create(session.connection(), checkfirst=True)
                if p.name not in live:
                    row = {
                        "projection": p.name,
                        "version": p.version,
                        "generation": 1,
                        "switched_at": datetime.now(UTC),
                        "events": 0,
                    }
                    insert_unless_present(session, catalog, row)

    def live(self, session: object, *, lock: bool = False) -> dict[str, Generation]:
        s = cast(Session, session)
        query = select(catalog.c.projection, catalog.c.version, catalog.c.generation)
        if lock and s.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(read=True)
        return {name: Generation(name, v, g) for name, v, g in s.execute(query)}

    def switch(self, session: object, generation: Generation, events: int) -> None:
        """Reads and the live consumer move to `generation` when the transaction commits."""
        cast(Session, session).execute(
            update(catalog)
            .where(catalog.c.projection == generation.projection)
            .values(
                version=generation.version,
                generation=generation.number,
                switched_at=datetime.now(UTC),
                events=events,
            )
        )

    def positions(self, session: object, generation: Generation) -> Mapping[Place, At]:
        p = positions.c
        found = cast(Session, session).execute(
            select(p.topic, p.partition, p.position, p.offset).where(
                p.generation == generation.label
            )
        )
        return {(topic, part): (pos, off) for topic, part, pos, off in found}

    def current(
        self, session: object, generation: Generation, kind: Kind, keys: Collection[str]
    ) -> Mapping[str, Row]:
        table = self.table(generation, kind)
        names = ["key", *kind.field_names()]
        found: dict[str, Row] = {}
        ordered = list(keys)
        for start in range(0, len(ordered), _CHUNK):
            query = select(*(table.c[n] for n in names)).where(
                table.c.key.in_(ordered[start : start + _CHUNK]), table.c.valid_to.is_(None)
            )
            for row in cast(Session, session).execute(query):
                values = row._asdict()
                found[values.pop("key")] = values
        return found

    def write(
        self, session: object, generation: Generation, kinds: Sequence[Kind], changes: Changes
    ) -> None:
        s = cast(Session, session)
        for kind in kinds:
            table = self.table(generation, kind)
            closed = changes.closed.get(kind.name)
            if closed:  # before the new rows open: one open row per key
                statement = (
                    update(table)
                    .where(table.c.key == bindparam("k"), table.c.valid_to.is_(None))
                    .values(valid_to=bindparam("at"))
                )
                rows: list[dict[str, Any]] = [{"k": k, "at": at} for k, at in closed.items()]
                s.connection().execute(statement, rows)
            for new in (changes.opened.get(kind.name), changes.appended.get(kind.name)):
                if new:
                    s.connection().execute(table.insert(), new)

    def save_positions(
        self, session: object, generation: Generation, moved: Mapping[Place, At]
    ) -> None:
        # One statement for every partition a chunk moved (it was one each: a chunk of both
        # topics on 6 partitions paid 12 round trips for its positions).
        rows = [
            {
                "generation": generation.label,
                "topic": topic,
                "partition": partition,
                "position": position,
                "offset": offset,
            }
            for (topic, partition), (position, offset) in moved.items()
        ]
        key = ["generation", "topic", "partition"]
        upsert_rows(cast(Session, session), positions, rows, key=key)
