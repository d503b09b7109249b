"""Everything we do with eventsourcing and eventsourcing-sqlalchemy beyond their public API.

Checked against eventsourcing 9.5.6 and eventsourcing-sqlalchemy 1.0.1, the versions in
requirements.lock (`CHECKED_AGAINST`). tests/unit/test_eventsourcing_internals.py fails when
the installed versions differ: whoever upgrades reads these modules against the new sources,
then moves the pins here, in the docstring and in the test together. What each relies on:

- `recorder`: `SQLAlchemyApplicationRecorder._insert_stored_events` (overridden by
  `CoreApplicationRecorder`), `_lock_table`, `_notify_channel`, `events_record_cls` (its
  `__table__` is the events table), `channel_name` (the NOTIFY channel), `datastore.engine`,
  `transaction()` and `insert_events(..., session=...)`, which the library's
  `ApplicationRecorder` interface does not have, and the datastore's `transactions` context
  variable (`in_transaction`: the open transaction, unset outside one);
- `loading`: `events_table` (above), `Repository.snapshot_store` and `cache`, and that
  `Repository.get` without them is `project_aggregate` over the mapped stored events, and
  that its `projector_func` is called as `project_aggregate` (`projected_onto`);
- `saving`: `Application._record`, `_take_snapshots` and `_notify`, the steps of
  `Application.save`, which `TaawunApplication.save` takes without the library's
  runtime-Protocol checks.
"""

from __future__ import annotations

from shared.eventsourcing_internals.loading import load_many, projected_onto
from shared.eventsourcing_internals.recorder import (
    CoreApplicationRecorder,
    engine_of,
    events_table,
    in_transaction,
    insert_events_in,
    lock_statement,
    notify_channel,
    notify_statement,
    postgres_dsn_of,
    read_notifications,
    transaction_of,
)
from shared.eventsourcing_internals.saving import save_collected

CHECKED_AGAINST = {"eventsourcing": "9.5.6", "eventsourcing-sqlalchemy": "1.0.1"}

__all__ = [
    "CHECKED_AGAINST",
    "CoreApplicationRecorder",
    "engine_of",
    "events_table",
    "in_transaction",
    "insert_events_in",
    "load_many",
    "lock_statement",
    "notify_channel",
    "notify_statement",
    "postgres_dsn_of",
    "projected_onto",
    "read_notifications",
    "save_collected",
    "transaction_of",
]
