"""Writing a batch of new beneficiaries: their keys, register rows and events, inside the
caller's transaction. Single enrolments (group commit) and imports both come through here.

On PostgreSQL a small batch goes as one pipeline: its statements reach the server together,
and the batch costs one round trip instead of about seven (SQLAlchemy waited for each
statement, and so did the table lock and the NOTIFY). A large batch (an import's) goes with
COPY, the fastest way in for many rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import psycopg
from eventsourcing.persistence import IntegrityError, StoredEvent
from sqlalchemy import Table
from sqlalchemy.orm import Session

from services.intake.application.beneficiary_index import beneficiary_index
from services.intake.application.beneficiary_store import BeneficiaryStore
from services.intake.privacy.vault import person_keys
from shared.bulk import insert_rows

# Above this many events COPY beats a pipeline of INSERTs (an import's batches are far above).
PIPELINE_LIMIT = 500


def write_new_records(
    app: BeneficiaryStore,
    session: Session,
    keys: Sequence[dict[str, Any]],
    index_rows: Sequence[dict[str, Any]],
    events: Sequence[StoredEvent],
) -> None:
    raw = session.connection().connection.dbapi_connection
    if not isinstance(raw, psycopg.Connection) or len(events) > PIPELINE_LIMIT:
        insert_rows(session, person_keys, keys)
        app.index.add(session, index_rows)
        app.recorder.insert_events(list(events), session=session)
        return
    now = datetime.now(UTC)
    recorder: Any = app.recorder
    events_table: Table = recorder.events_record_cls.__table__
    try:
        with raw.pipeline(), raw.cursor() as cursor:
            _insert(cursor, person_keys, keys)
            _insert(cursor, beneficiary_index, [{"enrolled_at": now, **r} for r in index_rows])
            # The relay reads the log by notification id: ids must commit in order.
            cursor.execute(f"LOCK TABLE {events_table.fullname} IN EXCLUSIVE MODE")
            _insert(cursor, events_table, [_event_row(e) for e in events])
            cursor.execute(f"NOTIFY {recorder.channel_name}")
    except psycopg.IntegrityError as e:
        raise IntegrityError(e) from e


def _event_row(event: StoredEvent) -> dict[str, Any]:
    return {
        "originator_id": event.originator_id,
        "originator_version": event.originator_version,
        "topic": event.topic,
        "state": event.state,
    }


def _insert(cursor: psycopg.Cursor[Any], table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """All `rows` in one INSERT: one statement and one result to read back, where
    executemany in a pipeline sends and reads back one per row."""
    if not rows:
        return
    columns = list(rows[0])
    values = f"({', '.join(['%s'] * len(columns))})"
    statement = (
        f"INSERT INTO {table.fullname} ({', '.join(columns)}) "
        f"VALUES {', '.join([values] * len(rows))}"
    )
    cursor.execute(statement, [row[c] for row in rows for c in columns])
