"""The payment-provider port over a file exchange: a pain.001 per payment list written to an
outbox folder the bank or cash network collects from, and its camt.054 statements read from
an inbox folder it drops them in. How the folders reach the provider (SFTP, EBICS, a portal)
is outside grants."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

from services.grants.application.payment_provider import (
    PaymentBatch,
    PaymentListAlreadySubmitted,
    Statement,
    Submission,
)
from services.grants.persistence.payment_files.camt054 import UnreadableStatement, read_camt054
from services.grants.persistence.payment_files.pain001 import message_id_of, write_pain001
from services.grants.persistence.payment_files.schema import validate_pain001


def _utc_now() -> datetime:
    return datetime.now(UTC)


def pain001_name(batch: PaymentBatch) -> str:
    return f"pain001-{batch.payment_list_id}.xml"


class PaymentFileExchange:
    """Adapter of `PaymentProvider`. Every file is validated against the pain.001 schema
    before it is written; it appears in the outbox whole (written aside, then linked), and a
    payment list whose file is already there is refused. A statement stays in the inbox until
    it is acknowledged, then moves to `read/`; one that cannot be read moves to `unreadable/`
    for a person at once, and the others are still read."""

    def __init__(self, outbox: Path, inbox: Path, clock: Callable[[], datetime] = _utc_now) -> None:
        self._outbox = outbox
        self._inbox = inbox
        self._clock = clock
        self._files: dict[str, set[Path]] = {}
        for folder in (outbox, inbox, inbox / "read", inbox / "unreadable"):
            folder.mkdir(parents=True, exist_ok=True)

    def submit(self, batch: PaymentBatch) -> Submission:
        target = self._outbox / pain001_name(batch)
        if target.exists():
            raise PaymentListAlreadySubmitted(str(batch.payment_list_id))
        document = write_pain001(batch, self._clock())
        validate_pain001(document)
        partial = target.with_name(f".{target.name}.{uuid4().hex}.partial")
        partial.write_bytes(document)
        try:
            # link() fails if another replica got there first, unlike rename().
            os.link(partial, target)
        except FileExistsError as e:
            raise PaymentListAlreadySubmitted(str(batch.payment_list_id)) from e
        finally:
            partial.unlink()
        return Submission(
            payment_list_id=batch.payment_list_id,
            message_id=message_id_of(batch),
            number_of_transactions=batch.number_of_transactions,
            control_sum=batch.control_sum,
        )

    def statements(self) -> Sequence[Statement]:
        found: list[Statement] = []
        for path in sorted(self._inbox.glob("*.xml")):
            try:
                statement = read_camt054(path.read_bytes())
            except UnreadableStatement:
                path.rename(self._inbox / "unreadable" / path.name)
                continue
            self._files.setdefault(statement.statement_id, set()).add(path)
            found.append(statement)
        return found

    def acknowledge(self, statement_id: str) -> None:
        for path in sorted(self._files.pop(statement_id, set())):
            if path.exists():
                path.rename(self._inbox / "read" / path.name)

    def unreadable_statements(self) -> list[Path]:
        """Statements set aside for a person: a format or currency grants does not read."""
        return sorted((self._inbox / "unreadable").glob("*.xml"))
