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
    StatementLine,
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
    before it is written; it appears in the outbox whole (written aside, then renamed), and a
    payment list whose file is already there is refused. Statements read are moved to
    `read/`; one that cannot be read is moved to `unreadable/` for a person, and the others
    are still read."""

    def __init__(self, outbox: Path, inbox: Path, clock: Callable[[], datetime] = _utc_now) -> None:
        self._outbox = outbox
        self._inbox = inbox
        self._clock = clock
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

    def statement_lines(self) -> Sequence[StatementLine]:
        lines: list[StatementLine] = []
        for statement in sorted(self._inbox.glob("*.xml")):
            try:
                lines.extend(read_camt054(statement.read_bytes()))
            except UnreadableStatement:
                statement.rename(self._inbox / "unreadable" / statement.name)
                continue
            statement.rename(self._inbox / "read" / statement.name)
        return lines

    def unreadable_statements(self) -> list[Path]:
        """Statements set aside for a person: a format or currency grants does not read."""
        return sorted((self._inbox / "unreadable").glob("*.xml"))
