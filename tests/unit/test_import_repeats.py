"""Rows repeating an earlier row cell for cell are settled as their first copy was."""

from __future__ import annotations

from uuid import uuid4

from services.intake.application.imports.beneficiary_rows import HEADER, parse_rows
from services.intake.application.imports.csv_format import RowRejected
from services.intake.application.imports.jobs import BatchOutcomes, Outcome
from services.intake.application.imports.repeats import FirstOutcomes, RepeatedRow, mark_repeats

HEAD = ",".join(HEADER)
FATIMA = "فاطمة بنعلي,Fatima Benali,BK123456,,1961-04-12,F,,,LAR,LAR-002,disaster_affected,,,x,"
AHMED = "أحمد التازي,Ahmed Tazi,BK654321,,1970-01-01,M,,,LAR,LAR-002,disaster_affected,,,x,"


def marked(*lines: str) -> list[tuple[int, object]]:
    return list(mark_repeats(parse_rows("\n".join([HEAD, *lines]) + "\n")))


def test_only_byte_identical_rows_are_marked_as_repeats_of_the_first_copy() -> None:
    found = marked(FATIMA, AHMED, FATIMA, FATIMA.replace("Benali", "Benali "), FATIMA)
    assert [(n, r) for n, r in found if isinstance(r, RepeatedRow)] == [
        (4, RepeatedRow(2)),
        (5, RepeatedRow(2)),  # surrounding spaces are stripped when a row is read
        (6, RepeatedRow(2)),
    ]
    differs = marked(FATIMA, FATIMA.replace("1961-04-12", "1961-04-13"))
    assert not any(isinstance(r, RepeatedRow) for _, r in differs)


def test_malformed_rows_and_rows_holding_the_separator_are_never_marked() -> None:
    tricky = FATIMA.replace("Fatima Benali", "Fatima\x1fBenali")
    found = marked("a,b", "a,b", tricky, tricky)
    assert isinstance(found[0][1], RowRejected) and isinstance(found[1][1], RowRejected)
    assert not any(isinstance(r, RepeatedRow) for _, r in found)


def test_a_repeat_is_a_duplicate_of_the_record_its_first_copy_became_or_rejected_alike() -> None:
    firsts = FirstOutcomes()
    earlier = BatchOutcomes()
    new_id, existing_id = uuid4(), uuid4()
    earlier.accept(2, new_id)
    earlier.duplicate(3, existing_id)
    earlier.reject(4, ["cin: not a CIN"])
    firsts.remember(earlier)
    later = BatchOutcomes()
    for number, first in [(7, 2), (8, 3), (9, 4)]:
        firsts.settle(number, RepeatedRow(first), later)
    assert later.entries[Outcome.DUPLICATE] == [(7, new_id), (8, existing_id)]
    assert later.entries[Outcome.REJECTED] == [(9, ["cin: not a CIN"])]
