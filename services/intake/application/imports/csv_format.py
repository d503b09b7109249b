"""Reading an uploaded CSV, whatever it imports: decoding, the header, one dict per row.

The file is UTF-8 (a byte-order mark is fine), comma-separated, with a header row naming the
columns, in any order. An empty cell is a null. A row that is itself malformed (wrong number
of cells, not UTF-8, broken quoting) comes out as a RowRejected and never blocks the others.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

NOT_UTF8 = "row: not valid UTF-8 (save the file as 'CSV UTF-8')"

Row = dict[str, str | None]


class RowRejected(ValueError):
    """One row that cannot be imported; each reason starts with the field it is about."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


class FileRejected(ValueError):
    """The file as a whole cannot be read: no header, unknown or missing columns, not UTF-8."""


def decode_upload(data: bytes) -> str:
    """The upload as text. Lines that are not UTF-8 keep their bytes as surrogates, so
    `parse_rows` rejects those rows alone; a file that is mostly not UTF-8 (a Windows-1256
    export, say) is refused as a whole."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8-sig", errors="surrogateescape")
    lines = text.splitlines()
    bad = sum(1 for line in lines if undecodable(line))
    if not lines or undecodable(lines[0]) or bad * 2 > len(lines):
        raise FileRejected("the file is not UTF-8 text: save it as 'CSV UTF-8' and try again")
    return text


def undecodable(text: str) -> bool:
    """Holds bytes that were not UTF-8 (kept as lone surrogates by `decode_upload`)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def count_rows(text: str) -> int:
    """About how many data rows `parse_rows` will yield (a quick pass, for progress)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    count = -1  # the header
    while True:
        try:
            if next(reader):
                count += 1
        except StopIteration:
            return max(count, 0)
        except csv.Error:
            count += 1


@dataclass(frozen=True)
class CsvFormat:
    """The columns of one kind of file: `header` as documented, `extra` ones it also knows
    (left out of the header shown in errors), and those it may leave out entirely."""

    header: tuple[str, ...]
    optional: frozenset[str]
    extra: tuple[str, ...] = ()

    @property
    def known(self) -> tuple[str, ...]:
        return (*self.header, *self.extra)

    @property
    def required(self) -> frozenset[str]:
        return frozenset(self.known) - self.optional

    def read_header(self, text: str) -> list[str]:
        """The header's column names, checked: every required column, no unknown one."""
        first = next(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")), None)
        if not first or not any(c.strip() for c in first):
            raise FileRejected("the file is empty: the first row must name the columns")
        columns = [c.strip().lower() for c in first]
        unknown = [c for c in columns if c not in self.known]
        missing = sorted(self.required - set(columns))
        repeated = sorted({c for c in columns if columns.count(c) > 1})
        problems = []
        if unknown:
            problems.append(f"unknown columns: {', '.join(unknown)}")
        if missing:
            problems.append(f"missing columns: {', '.join(missing)}")
        if repeated:
            problems.append(f"repeated columns: {', '.join(repeated)}")
        if problems:
            raise FileRejected("; ".join(problems) + f" (expected: {','.join(self.header)})")
        return columns

    def parse_rows(self, text: str) -> Iterator[tuple[int, Row | RowRejected]]:
        """Each data row with its number in the file (the header is row 1), as a dict of
        column -> value (empty cells are None), or as a RowRejected when the row itself is
        malformed. Blank lines are skipped but counted, so numbers match a spreadsheet's."""
        text = text.lstrip("\ufeff")
        columns = self.read_header(text)
        width = len(columns)
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        next(reader)
        check_utf8 = undecodable(text)
        number = 1
        while True:
            number += 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                yield number, RowRejected([f"row: malformed CSV ({e})"])
                continue
            if not cells:
                continue
            if len(cells) != width:
                if not any(c.strip() for c in cells):
                    continue
                yield number, RowRejected([f"row: expected {width} cells, found {len(cells)}"])
            elif check_utf8 and any(undecodable(c) for c in cells):
                yield number, RowRejected([NOT_UTF8])
            else:
                yield number, {c: (v.strip() or None) for c, v in zip(columns, cells, strict=True)}
