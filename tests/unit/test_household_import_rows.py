"""Reading and checking the rows of a households CSV, each on its own."""

from __future__ import annotations

import pytest

from services.intake.application.imports.csv_format import FileRejected, Row, RowRejected
from services.intake.application.imports.household_import import household_batches
from services.intake.application.imports.household_rows import (
    HOUSEHOLD_HEADER,
    HouseholdLine,
    disagreements,
    parse_household_rows,
    read_household_header,
    validate_household_row,
)
from services.intake.domain.reference import DamageLevel, Relation
from services.intake.domain.territory import shipped_territory

HEAD = ",".join(HOUSEHOLD_HEADER)
HEAD_ROW = (
    'H-17,bk123456,,head,LAR,LAR-002,دوار أولاد حمو,"الدار 12، القصر الكبير",'
    "floods-2026-02-north-west,نعم,repairable"
)
MEMBER_ROW = "H-17,BK123456,BK654321,spouse,,,,,,,"


def one(text: str) -> Row:
    [(_, row)] = list(parse_household_rows(f"{HEAD}\n{text}\n"))
    assert isinstance(row, dict)
    return row


def line_of(text: str, **cells: str) -> HouseholdLine:
    return validate_household_row({**one(text), **cells}, shipped_territory())


def reasons_for(text: str, **cells: str | None) -> list[str]:
    with pytest.raises(RowRejected) as caught:
        validate_household_row({**one(text), **cells}, shipped_territory())
    return caught.value.reasons


def test_a_head_row_with_arabic_text_and_an_impact() -> None:
    [(number, row)] = list(parse_household_rows(f"\ufeff{HEAD}\r\n{HEAD_ROW}\r\n"))
    assert number == 2 and isinstance(row, dict)
    line = validate_household_row(row, shipped_territory())
    assert line.is_head and line.member_cin is None
    assert line.head_cin == "BK123456"
    assert line.douar == "دوار أولاد حمو" and line.address == "الدار 12، القصر الكبير"
    assert (line.disaster, line.evacuated, line.damage) == (
        "floods-2026-02-north-west",
        True,
        DamageLevel.REPAIRABLE,
    )


def test_a_member_row_may_leave_the_households_cells_empty() -> None:
    line = line_of(MEMBER_ROW)
    assert line.relation is Relation.SPOUSE and line.member_cin == "BK654321"
    assert line.province_code is None and line.disaster is None


def test_the_head_row_may_repeat_its_cin_as_member_cin() -> None:
    assert line_of(HEAD_ROW, member_cin="BK123456").member_cin is None
    assert reasons_for(HEAD_ROW, member_cin="BK999") == [
        "member_cin: on the head's row, leave it empty or repeat head_cin"
    ]


def test_each_bad_cell_is_named() -> None:
    assert sorted(r.split(":")[0] for r in reasons_for(MEMBER_ROW, relation="cousin")) == [
        "relation"
    ]
    assert reasons_for(MEMBER_ROW, member_cin="12AB") == [
        "member_cin: a national ID (CIN) is one or two Latin capital letters followed by digits"
    ]
    assert reasons_for(MEMBER_ROW, member_cin=None) == [
        "member_cin: required (the member's national ID)"
    ]
    assert reasons_for(MEMBER_ROW, member_cin="BK123456") == [
        "member_cin: this is the head's CIN; the head's own row has relation head"
    ]
    assert reasons_for(HEAD_ROW, commune_code="LAR-999") == [
        "commune_code: unknown commune code for this province"
    ]
    assert reasons_for(HEAD_ROW, province_code="ZZZ") == ["province_code: unknown province code"]


def test_a_head_row_needs_its_place() -> None:
    assert reasons_for(HEAD_ROW, douar=None, commune_code=None) == [
        "commune_code: required on the head's row",
        "douar: required on the head's row",
    ]
    assert reasons_for(HEAD_ROW, household_ref=None) == ["household_ref: required"]


def test_an_impact_needs_all_three_cells() -> None:
    assert reasons_for(HEAD_ROW, disaster="earthquake") == [
        "disaster: unknown disaster: floods-2026-02-north-west, floods-2025-12-safi"
    ]
    assert reasons_for(HEAD_ROW, evacuated="maybe") == ["evacuated: yes or no"]
    assert reasons_for(HEAD_ROW, evacuated=None, damage=None) == [
        "evacuated: required with a disaster (yes or no)",
        "damage: required with a disaster",
    ]
    assert reasons_for(HEAD_ROW, disaster=None) == ["disaster: required with evacuated and damage"]
    assert line_of(HEAD_ROW, evacuated="Non").evacuated is False


def test_a_member_row_must_agree_with_its_head() -> None:
    head = line_of(HEAD_ROW)
    assert disagreements(line_of(MEMBER_ROW), head, 2) == []
    repeated = line_of(
        MEMBER_ROW,
        province_code="LAR",
        commune_code="LAR-002",
        disaster="floods-2026-02-north-west",
        evacuated="yes",
        damage="repairable",
    )
    assert disagreements(repeated, head, 2) == []
    elsewhere = line_of(MEMBER_ROW, head_cin="BK777", province_code="KEN", commune_code="KEN-001")
    assert disagreements(elsewhere, head, 2) == [
        "head_cin: differs from the head's row (row 2)",
        "province_code: differs from the head's row (row 2)",
        "commune_code: differs from the head's row (row 2)",
    ]


def test_a_malformed_row_is_rejected_alone() -> None:
    rows = list(parse_household_rows(f"{HEAD}\n{HEAD_ROW}\n\ntoo,few\n{MEMBER_ROW}\n"))
    assert [n for n, _ in rows] == [2, 4, 5]
    assert isinstance(rows[1][1], RowRejected)
    assert rows[1][1].reasons == ["row: expected 11 cells, found 2"]


def test_the_header_is_checked() -> None:
    with pytest.raises(FileRejected, match="unknown columns: name_ar"):
        read_household_header("name_ar," + HEAD)
    with pytest.raises(FileRejected, match="missing columns: head_cin"):
        read_household_header("household_ref,relation,province_code,commune_code,douar")
    columns = "household_ref,head_cin,relation,province_code,commune_code,douar"
    assert read_household_header(columns) == columns.split(",")


def test_batches_are_cut_between_households() -> None:
    rows: list[tuple[int, Row | RowRejected]] = [
        (n, {"household_ref": f"H-{n // 3}"}) for n in range(2, 12)
    ]
    rows.insert(1, (99, RowRejected(["row: malformed CSV"])))
    batches = list(household_batches(rows, size=4))
    refs = [
        [None if isinstance(r, RowRejected) else r["household_ref"] for _, r in b] for b in batches
    ]
    assert refs == [
        ["H-0", None, "H-1", "H-1", "H-1"],  # H-1 is not split at 4 rows
        ["H-2", "H-2", "H-2", "H-3", "H-3", "H-3"],
    ]
