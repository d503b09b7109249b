"""What we read from eventsourcing-sqlalchemy's recorder beyond its public API, in one place.

Checked against eventsourcing 9.5.6 and eventsourcing-sqlalchemy 1.0.1: the recorder's
`events_record_cls` (an ORM class whose `__table__` is the events table) and `channel_name`
(the NOTIFY channel on PostgreSQL).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table


def events_table(recorder: Any) -> Table:
    """The recorder's events table."""
    table: Table = recorder.events_record_cls.__table__
    return table


def lock_statement(recorder: Any) -> str:
    """The lock the recorder takes so notification ids commit in order (PostgreSQL)."""
    return f"LOCK TABLE {events_table(recorder).fullname} IN EXCLUSIVE MODE"


def notify_statement(recorder: Any) -> str:
    """The NOTIFY the recorder sends after a commit (PostgreSQL)."""
    channel: str = recorder.channel_name
    return f"NOTIFY {channel}"
