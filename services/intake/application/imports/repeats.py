"""Rows that repeat an earlier row of the same file, cell for cell.

A census often lists the same person twice, copied from one sheet into another. Such a row
can only come to what its first copy came to: rejected for the same reasons, or a duplicate
of the record the first copy became (or was already a duplicate of). Marking repeats as the
file is read spares checking, hashing, sealing and encoding them again, which is most of an
import's work for a fifth of a typical census file. Only byte-identical rows are marked; a
row that differs in any cell (even in spacing) is prepared and judged on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from hashlib import blake2b
from typing import NamedTuple
from uuid import UUID

from services.intake.application.imports.csv_format import Row, RowRejected
from services.intake.application.imports.jobs import BatchOutcomes

_SEPARATOR = "\x1f"


class RepeatedRow(NamedTuple):
    """A row with the same cells as row `first`, earlier in the file."""

    first: int


def _fingerprint(row: Row) -> bytes | None:
    """A digest of the row's cells, or None if a cell holds the separator itself (the
    joined text would then not tell the cells apart)."""
    joined = _SEPARATOR.join([cell or "" for cell in row.values()])
    if joined.count(_SEPARATOR) != len(row) - 1:
        return None
    return blake2b(joined.encode("utf-8", "surrogateescape"), digest_size=16).digest()


def mark_repeats(
    rows: Iterable[tuple[int, Row | RowRejected]],
) -> Iterator[tuple[int, Row | RowRejected | RepeatedRow]]:
    """The rows, each repeat of an earlier row replaced by a `RepeatedRow` naming it."""
    firsts: dict[bytes, int] = {}
    for number, row in rows:
        if isinstance(row, dict):
            fingerprint = _fingerprint(row)
            if fingerprint is not None:
                first = firsts.setdefault(fingerprint, number)
                if first != number:
                    yield number, RepeatedRow(first)
                    continue
        yield number, row


class FirstOutcomes:
    """What became of each row that was not a repeat, for the repeats of it to come."""

    def __init__(self) -> None:
        self._of: dict[int, UUID | list[str]] = {}

    def remember(self, outcomes: BatchOutcomes) -> None:
        for entries in outcomes.entries.values():
            self._of.update(entries)

    def settle(self, number: int, repeated: RepeatedRow, out: BatchOutcomes) -> None:
        """Settle a repeat as its first copy was settled (which is earlier in the file, so
        already remembered, in this batch or one before)."""
        first = self._of[repeated.first]
        if isinstance(first, UUID):
            out.duplicate(number, first)
        else:
            out.reject(number, first)
