"""One household import, batch by batch: rows grouped by household, the head's row settled
first, the members' after it (or rejected with the head's reasons when the head's row is bad).

A batch is written in one transaction. If that fails at commit (another writer changed one of
its households meanwhile), nothing of it was written, and it is settled again household by
household, each change in a transaction of its own, which settles each race as before.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from services.intake.application.errors import DUPLICATE_ERRORS
from services.intake.application.imports.csv_format import Row, RowRejected
from services.intake.application.imports.household_records import HouseholdRecorder
from services.intake.application.imports.household_rows import (
    HouseholdLine,
    validate_household_row,
)
from services.intake.application.imports.job_runs import NumberedRow
from services.intake.application.imports.jobs import BatchOutcomes, Outcome
from services.intake.domain.reference import Relation
from services.intake.domain.territory import Territory


@dataclass
class _Head:
    """What the rest of a household's rows need to know about its head's row."""

    row: int
    line: HouseholdLine | None
    household_id: UUID | None
    failure: list[str]  # the head row's reasons when it was rejected


class HouseholdRun:
    """One import: the heads seen so far (by household_ref) and each batch's work, written by
    `in_one_transaction(rows)` (a recorder, saved as the block ends), or if that fails by a
    fresh `one_by_one()`. A row that changes nothing comes back as a duplicate (`unchanged`
    to the person importing)."""

    def __init__(
        self,
        territory: Territory,
        one_by_one: Callable[[], HouseholdRecorder],
        in_one_transaction: Callable[
            [list[NumberedRow]], AbstractContextManager[HouseholdRecorder]
        ],
    ) -> None:
        self.territory = territory
        self.one_by_one = one_by_one
        self.in_one_transaction = in_one_transaction
        self.heads: dict[str, _Head] = {}

    def batch(self, rows: list[NumberedRow]) -> dict[Outcome, list[tuple[int, Any]]]:
        heads = dict(self.heads)
        try:
            with self.in_one_transaction(rows) as recorder:
                return self._settle(rows, recorder)
        except DUPLICATE_ERRORS:
            self.heads = heads
            return self._settle(rows, self.one_by_one())

    def _settle(
        self, rows: list[NumberedRow], recorder: HouseholdRecorder
    ) -> dict[Outcome, list[tuple[int, Any]]]:
        out = BatchOutcomes()
        groups: dict[str, list[tuple[int, Row]]] = {}
        for number, row in rows:
            if isinstance(row, RowRejected):
                out.reject(number, row.reasons)
                continue
            ref = row.get("household_ref")
            if ref is None:
                out.reject(number, self._own_reasons(row))
                continue
            groups.setdefault(ref, []).append((number, row))
        for ref, group in groups.items():
            self._household(ref, group, recorder, out)
        return out.in_row_order()

    def _own_reasons(self, row: Row) -> list[str]:
        try:
            validate_household_row(row, self.territory)
        except RowRejected as e:
            return e.reasons
        return []

    def _household(
        self,
        ref: str,
        group: list[tuple[int, Row]],
        recorder: HouseholdRecorder,
        out: BatchOutcomes,
    ) -> None:
        lines: list[tuple[int, HouseholdLine | RowRejected]] = []
        for number, row in group:
            try:
                lines.append((number, validate_household_row(row, self.territory)))
            except RowRejected as e:
                lines.append((number, e))
        # The head's row is the one saying "head", even when its other cells are bad.
        is_head = [(row.get("relation") or "").strip().lower() == Relation.HEAD for _, row in group]
        candidates = [item for item, head in zip(lines, is_head, strict=True) if head]
        members = [item for item, head in zip(lines, is_head, strict=True) if not head]
        head = self.heads.get(ref)
        if head is None and not candidates:
            for number, line in members:
                reasons = line.reasons if isinstance(line, RowRejected) else []
                out.reject(number, [*reasons, f"head: no row of household {ref} has relation head"])
            return
        if head is None:
            number, line = candidates.pop(0)
            head = self.heads[ref] = self._head(number, line, recorder, out)
        for number, line in candidates:
            reasons = line.reasons if isinstance(line, RowRejected) else []
            out.reject(
                number, [*reasons, f"relation: household {ref} has its head on row {head.row}"]
            )
        if head.household_id is None or head.line is None:
            for number, line in members:
                reasons = line.reasons if isinstance(line, RowRejected) else []
                out.reject(
                    number, [*reasons, *(f"head: {r} (row {head.row})" for r in head.failure)]
                )
            return
        recorder.add_members(head.row, head.household_id, head.line, members, out)

    def _head(
        self,
        number: int,
        line: HouseholdLine | RowRejected,
        recorder: HouseholdRecorder,
        out: BatchOutcomes,
    ) -> _Head:
        if isinstance(line, RowRejected):
            out.reject(number, line.reasons)
            return _Head(number, None, None, line.reasons)
        try:
            household_id, changed = recorder.settle_head(line)
        except RowRejected as e:
            out.reject(number, e.reasons)
            return _Head(number, line, None, e.reasons)
        if changed:
            out.accept(number, household_id)
        else:
            out.duplicate(number, household_id)
        return _Head(number, line, household_id, [])
