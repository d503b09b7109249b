"""Beneficiary and household CSV imports through intake's use cases, in memory: an answer per
row, re-imports that create nothing new, the caller's provinces, refused files and failed
jobs (what tests/integration/test_imports_api.py and test_household_imports_api.py check
over HTTP)."""

from __future__ import annotations

from uuid import UUID

import pytest

from services.intake.application import Intake
from services.intake.application.imports.beneficiary_rows import HEADER
from services.intake.application.imports.csv_format import FileRejected, decode_upload
from services.intake.application.imports.household_rows import HOUSEHOLD_HEADER
from services.intake.application.imports.jobs import ImportReport, JobKind, Outcome
from services.intake.persistence.memory_register import InMemoryRegisters
from tests.unit.intake_memory import FLOODS, in_memory_intake

BENEFICIARIES, HOUSEHOLDS = JobKind.BENEFICIARIES, JobKind.HOUSEHOLDS
UNKNOWN = "no beneficiary enrolled with this national ID (enrol or import them first)"


def row(cin: str, name_ar: str = "فاطمة الزهراء بنعلي", **cells: str) -> str:
    values = {
        "name_ar": name_ar, "name_lat": "Fatima Zahra Benali", "cin": cin,
        "civil_registry_ref": "", "birth_date": "1961-04-12", "sex": "F", "phone": "0612345678",
        "address": '"دوار أولاد حمو، القصر الكبير"', "province_code": "LAR",
        "commune_code": "LAR-002", "category": "disaster_affected", "disability_type": "",
        "severity": "", "evidence": "flood census", "since": "2026-02-14",
    } | cells  # fmt: skip
    return ",".join(values[c] for c in HEADER)


def member(ref: str, head: str, cin: str = "", relation: str = "head", **cells: str) -> str:
    values = {c: "" for c in HOUSEHOLD_HEADER} | cells
    values |= {"household_ref": ref, "head_cin": head, "member_cin": cin, "relation": relation}
    return ",".join(values[c] for c in HOUSEHOLD_HEADER)


def head(ref: str, cin: str, **cells: str) -> str:
    place = {
        "province_code": "LAR", "commune_code": "LAR-002", "douar": "دوار أولاد حمو",
        "address": '"الدار 12، القصر الكبير"', "disaster": FLOODS, "evacuated": "yes",
        "damage": "repairable",
    }  # fmt: skip
    return member(ref, cin, **(place | cells))


def csv_of(*rows: str, header: tuple[str, ...] = HEADER) -> str:
    return "\n".join([",".join(header), *rows]) + "\n"


def imported(
    intake: Intake,
    text: str,
    kind: JobKind = BENEFICIARIES,
    provinces: frozenset[str] | None = None,
) -> ImportReport:
    job_id = intake.imports.submit_import(text, kind=kind, submitted_by="cw-lar")
    return intake.imports.run_import(
        text, kind=kind, actor="cw-lar", job_id=job_id, allowed_provinces=provinces
    )


MIXED = csv_of(
    row("BK100001"),  # 2 accepted
    row("bk100002", name_ar="محمد العلمي"),  # 3 accepted (cin upper-cased)
    row("12AB", birth_date="1961-13-01"),  # 4 rejected: cin and birth_date
    row("BK100001", name_ar="فاطمة بنعلي"),  # 5 duplicate of row 2, same file
    row("BK100003", commune_code="LAR-999"),  # 6 rejected: unknown commune
    "too,few,cells",  # 7 rejected: malformed
    row("BK100004", province_code="KEN", commune_code="KEN-001"),  # 8 accepted
)


def test_good_bad_and_duplicate_rows_get_their_own_answers() -> None:
    intake = in_memory_intake()
    report = imported(intake, MIXED)
    accepted = dict(report.accepted)
    assert sorted(accepted) == [2, 3, 8]
    assert report.duplicates == [(5, accepted[2])]
    rejected = dict(report.rejected)
    assert sorted(rejected) == [4, 6, 7]
    assert sorted(r.split(":")[0] for r in rejected[4]) == ["birth_date", "cin"]
    assert rejected[6] == ["commune_code: unknown commune code for this province"]
    assert rejected[7] == ["row: expected 15 cells, found 3"]
    job = intake.imports.import_job(report.job_id)
    assert job is not None and (job.status, job.progress, job.kind) == (
        "done",
        1.0,
        "beneficiaries",
    )
    assert (job.accepted, job.duplicates, job.rejected, job.submitted_by) == (3, 1, 3, "cw-lar")
    assert job.total_rows == job.processed_rows == 7
    assert intake.views.find_by_national_id("BK100002") == accepted[3]
    [duplicate] = intake.imports.import_outcomes(report.job_id, Outcome.DUPLICATE, 10)
    assert (duplicate.row, duplicate.beneficiary_id) == (5, accepted[2])
    page = intake.imports.import_outcomes(report.job_id, Outcome.ACCEPTED, limit=1, offset=1)
    assert [(o.row, o.beneficiary_id) for o in page] == [(3, accepted[3])]


def test_the_same_file_twice_creates_nothing_new() -> None:
    intake = in_memory_intake()
    first = imported(intake, MIXED)
    recorded = intake.store.recorder.max_notification_id()
    second = imported(intake, MIXED)
    assert intake.store.recorder.max_notification_id() == recorded
    assert (len(second.accepted), len(second.duplicates), len(second.rejected)) == (0, 4, 3)
    existing = dict(second.duplicates)
    assert existing == dict(first.accepted) | {5: existing[2]}


def test_rows_outside_the_callers_provinces_are_rejected_alone() -> None:
    intake = in_memory_intake()
    text = csv_of(
        row("BK200001"),
        row("BK200002", province_code="KEN", commune_code="KEN-001"),
        row("BK200003", province_code="ZZZ"),
    )
    report = imported(intake, text, provinces=frozenset({"LAR"}))
    assert [n for n, _ in report.accepted] == [2]
    assert report.rejected == [
        (3, ["province_code: not allowed for you"]),
        (4, ["province_code: not allowed for you"]),
    ]


def test_a_file_that_cannot_be_read_is_refused_as_a_whole() -> None:
    intake = in_memory_intake()
    with pytest.raises(FileRejected, match="unknown columns: nom, prenom"):
        intake.imports.submit_import("nom,prenom\nBenali,Fatima\n", kind=BENEFICIARIES,
                                     submitted_by="cw")  # fmt: skip
    with pytest.raises(FileRejected, match="unknown columns: name_ar"):
        intake.imports.submit_import(MIXED, kind=HOUSEHOLDS, submitted_by="cw")
    with pytest.raises(FileRejected, match="UTF-8"):
        decode_upload(csv_of(row("BK1"), row("BK2")).encode("cp1256"))


def test_a_job_that_breaks_is_marked_failed_with_its_error(monkeypatch: pytest.MonkeyPatch) -> None:
    intake = in_memory_intake()

    def register_down(_: object) -> None:
        raise RuntimeError("register down")

    monkeypatch.setattr(InMemoryRegisters, "transaction", register_down)
    job_id = intake.imports.submit_import(MIXED, kind=BENEFICIARIES, submitted_by="cw")
    with pytest.raises(RuntimeError):
        intake.imports.run_import(MIXED, kind=BENEFICIARIES, actor="cw", job_id=job_id)
    job = intake.imports.import_job(job_id)
    assert job is not None and (job.status, job.error) == ("failed", "RuntimeError: register down")
    assert intake.imports.import_job(UUID(int=7)) is None  # the HTTP layer's 404


ENROLLED = ["BK1", "BK2", "BK3", "BK4", "BK5", "BK6"]
CENSUS = csv_of(
    head("H-001", "BK1"),  # 2 accepted: household registered, impact recorded
    member("H-001", "BK1", "BK2", "spouse"),  # 3 accepted
    member("H-001", "BK1", "BK3", "child"),  # 4 accepted
    head("H-002", "BK4", disaster="", evacuated="", damage=""),  # 5 accepted
    member("H-002", "BK4", "ZZ999", "child"),  # 6 rejected: not enrolled
    member("H-002", "BK4", "BK5", "cousin"),  # 7 rejected: bad relation
    member("H-002", "BK4", "BK6", "parent", province_code="KEN"),  # 8 rejected: contradicts
    head("H-003", "XX404"),  # 9 rejected: head not enrolled
    member("H-003", "XX404", "BK5", "sibling"),  # 10 rejected: the head's reasons
    header=HOUSEHOLD_HEADER,
)


def census_ready() -> Intake:
    intake = in_memory_intake()
    people = csv_of(*(row(c, name_ar=f"مواطن {c}") for c in ENROLLED))
    assert len(imported(intake, people).accepted) == len(ENROLLED)
    return intake


def test_a_census_gets_an_answer_per_row() -> None:
    intake = census_ready()
    report = imported(intake, CENSUS, HOUSEHOLDS)
    accepted = dict(report.accepted)  # the household's id
    assert sorted(accepted) == [2, 3, 4, 5] and report.duplicates == []
    assert accepted[2] == accepted[3] == accepted[4] != accepted[5]
    rejected = dict(report.rejected)
    assert sorted(rejected) == [6, 7, 8, 9, 10]
    assert rejected[6] == [f"member_cin: {UNKNOWN}"]
    assert [r.split(":")[0] for r in rejected[7]] == ["relation"]
    assert rejected[8] == ["province_code: differs from the head's row (row 5)"]
    assert rejected[9] == [f"head_cin: {UNKNOWN}"]
    assert rejected[10] == [f"head: head_cin: {UNKNOWN} (row 9)"]
    first = intake.household_views.read_household(accepted[2])
    assert first.head_id == intake.views.find_by_national_id("BK1")
    assert (first.douar, first.address) == ("دوار أولاد حمو", "الدار 12، القصر الكبير")
    assert {m["relation"] for m in first.members} == {"head", "spouse", "child"}
    assert first.disaster_impacts == [
        {"disaster": FLOODS, "evacuated": True, "damage": "repairable"}
    ]
    second = intake.household_views.read_household(accepted[5])
    assert (second.member_count, second.disaster_impacts) == (1, [])
    job = intake.imports.import_job(report.job_id)
    assert job is not None and (job.kind, job.status, job.total_rows) == ("households", "done", 9)


def test_the_same_census_twice_creates_nothing_new() -> None:
    intake = census_ready()
    first = imported(intake, CENSUS, HOUSEHOLDS)
    recorded = intake.store.recorder.max_notification_id()
    second = imported(intake, CENSUS, HOUSEHOLDS)
    assert intake.store.recorder.max_notification_id() == recorded
    assert second.accepted == [] and dict(second.duplicates) == dict(first.accepted)
    assert second.rejected == first.rejected


def test_a_corrected_impact_and_a_new_member_land_on_the_same_household() -> None:
    intake = census_ready()
    [(_, household_id), *_] = imported(intake, CENSUS, HOUSEHOLDS).accepted
    again = imported(intake, csv_of(
        head("H-001", "BK1", damage="destroyed"),
        member("H-001", "BK1", "BK2", "spouse"),
        member("H-001", "BK1", "BK5", "sibling"),
        member("H-001", "BK1", "BK3", "parent"),
        header=HOUSEHOLD_HEADER,
    ), HOUSEHOLDS)  # fmt: skip
    assert again.accepted == [(2, household_id), (4, household_id)]
    assert again.duplicates == [(3, household_id)]
    assert again.rejected == [(5, ["relation: already a member of this household as child"])]
    found = intake.household_views.read_household(household_id)
    assert (found.member_count, found.disaster_impacts[0]["damage"]) == (4, "destroyed")


def test_households_outside_the_callers_provinces_are_rejected() -> None:
    intake = census_ready()
    text = csv_of(
        head("H-1", "BK1"),
        member("H-1", "BK1", "BK2", "spouse"),
        head("H-2", "BK4", province_code="KEN", commune_code="KEN-001"),
        header=HOUSEHOLD_HEADER,
    )
    report = imported(intake, text, HOUSEHOLDS, provinces=frozenset({"KEN"}))
    assert report.accepted == []
    assert report.rejected == [
        (2, ["province_code: not allowed for you"]),
        (3, ["head: province_code: not allowed for you (row 2)"]),
        (4, ["head_cin: not allowed for you (enrolled in a province outside yours)"]),
    ]
    assert intake.household_views.search_households(provinces=None) == ([], 0)
