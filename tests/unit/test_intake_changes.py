"""Changing beneficiaries through intake's use cases, in memory: identities, corrections,
status, categories, residence, duplicates, erasure, history and as-of reads (what
tests/integration/test_beneficiaries_api.py, test_personal_data.py and
test_concurrent_changes.py check over HTTP)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from uuid import UUID

import pytest
from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from services.intake.application import AlreadyEnrolled, NotFlagged, PersonalDataErased
from services.intake.application.records import NotYetRecorded, OtherRecordNotFound
from services.intake.domain.beneficiary import category_entry
from services.intake.domain.reference import BeneficiaryStatus, Category
from shared.auth import NotAllowed
from tests.unit.intake_memory import (
    broken,
    enrolled,
    events_of,
    in_memory_intake,
    listed,
    person,
    scope,
)

ACTIVE, SUSPENDED = BeneficiaryStatus.ACTIVE, BeneficiaryStatus.SUSPENDED


def test_a_minor_is_unique_by_civil_registry_reference_whatever_its_case() -> None:
    intake = in_memory_intake()
    child = intake.beneficiaries.enrol_beneficiary(
        person(civil_registry_ref="lar/2016/77", birth_date=date(2016, 4, 1)), actor="cw"
    )
    with pytest.raises(AlreadyEnrolled) as again:
        intake.beneficiaries.enrol_beneficiary(
            person(civil_registry_ref="LAR/2016/77", birth_date=date(2016, 4, 1)), actor="cw"
        )
    assert again.value.existing_id == child


def test_an_unknown_commune_or_province_is_refused_and_nothing_is_recorded() -> None:
    intake = in_memory_intake()
    with broken("commune_code"):
        intake.beneficiaries.enrol_beneficiary(person(commune_code="KHN-001"), actor="cw")
    with broken("province_code"):
        intake.beneficiaries.enrol_beneficiary(
            person(province_code="ZZZ", commune_code="ZZZ-001"), actor="cw"
        )
    assert not intake.store.recorder.max_notification_id()


def test_history_and_as_of_show_what_was_known_then() -> None:
    intake = in_memory_intake()
    beneficiary_id = intake.beneficiaries.enrol_beneficiary(person("BK10"), actor="amina")
    time.sleep(0.001)  # the correction's timestamp comes strictly after the enrolment's
    intake.changes.correct_personal_data(
        beneficiary_id, {"name_lat": "Khadija El Mrabet"}, actor="amina", reason="spelling"
    )
    intake.changes.change_status(beneficiary_id, ACTIVE, actor="amina", reason="visit done")
    now = intake.views.read_beneficiary(beneficiary_id)
    assert now.personal is not None and now.personal.name_lat == "Khadija El Mrabet"
    assert (now.status, now.version) == ("active", 3)
    history = intake.views.history(beneficiary_id)
    assert [(e.what, e.who, e.why) for e in history] == [
        ("Enrolled", "amina", None),
        ("PersonalDataCorrected", "amina", "spelling"),
        ("StatusChanged", "amina", "visit done"),
    ]
    then = intake.views.read_beneficiary(beneficiary_id, as_of=history[0].when)
    assert then.personal is not None and then.personal.name_lat == "Khadija Mrabet"
    assert (then.status, then.version) == ("enrolled", 1)
    with pytest.raises(NotYetRecorded):
        intake.views.read_beneficiary(beneficiary_id, as_of=history[0].when.replace(year=2020))


def test_status_only_moves_forward_and_needs_a_reason() -> None:
    intake = in_memory_intake()
    beneficiary_id = enrolled(intake)
    with broken("status"):
        intake.changes.change_status(beneficiary_id, SUSPENDED, actor="cw", reason="x")
    with broken("reason"):
        intake.changes.change_status(beneficiary_id, ACTIVE, actor="cw", reason=" ")
    for status in (ACTIVE, SUSPENDED, ACTIVE, BeneficiaryStatus.EXITED):
        intake.changes.change_status(beneficiary_id, status, actor="cw", reason="review")
    with broken("status"):
        intake.changes.change_status(beneficiary_id, ACTIVE, actor="cw", reason="came back")
    assert listed(intake, status="exited") == ([beneficiary_id], 1)


def test_a_recognised_category_filters_the_list_and_a_consent_names_its_recorder() -> None:
    intake = in_memory_intake()
    beneficiary_id, _ = enrolled(intake), enrolled(intake)
    entry = category_entry(
        Category.DISABILITY, evidence="card 114", since=date(2020, 1, 1),
        disability_type="motor", severity="severe",
    )  # fmt: skip
    intake.changes.recognise_category(beneficiary_id, entry, actor="cw", reason="card shown")
    record = intake.views.read_beneficiary(beneficiary_id)
    assert [c["category"] for c in record.categories] == ["disaster_affected", "disability"]
    assert listed(intake, category="disability") == ([beneficiary_id], 1)
    assert events_of(intake)(beneficiary_id)[-1] == "CategoryRecognised"
    intake.changes.record_consent(beneficiary_id, "data sharing", date(2026, 3, 1), actor="cw")
    [consent] = intake.views.read_beneficiary(beneficiary_id).consents
    assert (consent["purpose"], consent["recorded_by"]) == ("data sharing", "cw")
    with pytest.raises(NotAllowed):
        intake.changes.record_consent(
            beneficiary_id, "x", date(2026, 3, 1), actor="cw", scope=scope("KHN")
        )


def test_a_residence_change_moves_the_record_to_the_other_provinces_list() -> None:
    intake = in_memory_intake()
    beneficiary_id = enrolled(intake)
    intake.changes.change_residence(
        beneficiary_id, "KHN", "KHN-001", actor="cw", reason="moved", scope=scope("LAR", "KHN")
    )
    record = intake.views.read_beneficiary(beneficiary_id)
    assert (record.province_code, record.commune_code) == ("KHN", "KHN-001")
    assert listed(intake, provinces=frozenset({"LAR"})) == ([], 0)
    assert listed(intake, provinces=frozenset({"KHN"})) == ([beneficiary_id], 1)
    with pytest.raises(NotAllowed):  # the record is now outside a Larache caseworker's reach
        intake.changes.change_status(
            beneficiary_id, ACTIVE, actor="cw", reason="x", scope=scope("LAR")
        )


def test_a_caller_outside_the_province_changes_nothing() -> None:
    intake = in_memory_intake()
    beneficiary_id = enrolled(intake)
    safi = scope("SAF")
    attempts: list[Callable[[], None]] = [
        lambda: intake.changes.correct_personal_data(
            beneficiary_id, {"phone": "0698765432"}, actor="cw", reason="x", scope=safi
        ),
        lambda: intake.changes.erase_personal_data(
            beneficiary_id, actor="cw", reason="x", scope=safi
        ),
        lambda: intake.changes.recognise_category(
            beneficiary_id, {}, actor="cw", reason=None, scope=safi
        ),
    ]
    for attempt in attempts:
        with pytest.raises(NotAllowed):
            attempt()
    assert events_of(intake)(beneficiary_id) == ["Enrolled"]


def test_look_alikes_are_flagged_dismissed_then_merged() -> None:
    intake = in_memory_intake()
    original = intake.beneficiaries.enrol_beneficiary(person("BK20"), actor="cw")
    twin = intake.beneficiaries.enrol_beneficiary(person("BK21"), actor="cw")
    other = intake.beneficiaries.enrol_beneficiary(person("BK22"), actor="cw")
    assert sorted(intake.duplicates.possible_duplicates(None)) == sorted(
        [(twin, original), (other, original)]
    )
    assert set(intake.views.read_beneficiary(other).possible_duplicates) == {original, twin}
    assert intake.duplicates.possible_duplicates(frozenset({"KHN"})) == []
    for flagged_with in (original, twin):
        intake.duplicates.dismiss_duplicate(other, flagged_with, actor="cw", reason="cousin")
    assert intake.duplicates.possible_duplicates(None) == [(twin, original)]
    intake.duplicates.merge_duplicate(twin, original, actor="cw", reason="same person")
    assert intake.duplicates.possible_duplicates(None) == []
    assert intake.views.resolve(twin) == original
    assert intake.views.read_beneficiary(original).merged_ids == [twin]
    assert listed(intake) == ([original, other], 2)
    with broken("beneficiary_id"):  # a merged record takes no more changes
        intake.changes.change_status(twin, ACTIVE, actor="cw", reason="x")


def test_a_merge_needs_a_flag_a_survivor_and_both_provinces() -> None:
    intake = in_memory_intake()
    first = intake.beneficiaries.enrol_beneficiary(person("BK30"), actor="cw")
    alike = intake.beneficiaries.enrol_beneficiary(person("BK31"), actor="cw")
    stranger = enrolled(intake)
    with pytest.raises(OtherRecordNotFound):
        intake.duplicates.merge_duplicate(alike, UUID(int=1), actor="cw", reason="x")
    with pytest.raises(AggregateNotFoundError):
        intake.duplicates.merge_duplicate(UUID(int=1), first, actor="cw", reason="x")
    with pytest.raises(NotFlagged):
        intake.duplicates.merge_duplicate(stranger, first, actor="cw", reason="x")
    with pytest.raises(NotAllowed):
        intake.duplicates.merge_duplicate(alike, first, actor="cw", reason="x", scope=scope("KHN"))
    with pytest.raises(NotAllowed):
        intake.duplicates.dismiss_duplicate(
            alike, first, actor="cw", reason="x", scope=scope("KHN")
        )
    with broken("reason"):
        intake.duplicates.merge_duplicate(alike, first, actor="cw", reason=" ")
    assert intake.duplicates.possible_duplicates(None) == [(alike, first)]


def test_erasure_keeps_the_records_other_fields_and_every_version_reads_erased() -> None:
    intake = in_memory_intake()
    beneficiary_id = intake.beneficiaries.enrol_beneficiary(person("BK40"), actor="cw")
    intake.changes.change_status(beneficiary_id, ACTIVE, actor="cw", reason="visit")
    with broken("reason"):
        intake.changes.erase_personal_data(beneficiary_id, actor="cw", reason=" ")
    intake.changes.erase_personal_data(beneficiary_id, actor="cw", reason="law 09-08")
    intake.changes.erase_personal_data(beneficiary_id, actor="cw", reason="asked again")
    record = intake.views.read_beneficiary(beneficiary_id)
    assert record.erased and record.personal is None
    kept = (record.province_code, record.commune_code, record.status)
    assert kept == ("LAR", "LAR-001", "active")
    assert [c["category"] for c in record.categories] == ["disaster_affected"]
    history = intake.views.history(beneficiary_id)
    assert [e.what for e in history][-1] == "PersonalDataErased"  # once, however often asked
    assert [e.what for e in history].count("PersonalDataErased") == 1
    assert intake.views.read_beneficiary(beneficiary_id, as_of=history[0].when).erased
    assert intake.views.find_by_national_id("BK40") is None
    with pytest.raises(PersonalDataErased):  # the HTTP layer's 409
        intake.changes.correct_personal_data(
            beneficiary_id, {"phone": "0698765432"}, actor="cw", reason="x"
        )
    stored = intake.store.recorder.select_notifications(start=1, limit=100)
    assert not [n for n in stored if b"BK40" in n.state or "خديجة".encode() in n.state]


def test_a_write_that_lost_the_race_changes_neither_the_record_nor_its_row(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    intake = in_memory_intake()
    beneficiary_id = enrolled(intake)
    mine = intake.views.beneficiary(beneficiary_id)
    theirs = intake.views.beneficiary(beneficiary_id)
    mine.change_status(ACTIVE, "cw-1", "visited")
    intake.store.save(mine)
    theirs.change_status(ACTIVE, "cw-2", "visited too")
    with pytest.raises(IntegrityError):
        intake.store.save(theirs)

    # This replica loaded version 2; another changed the record before it saved.
    stale = intake.views.beneficiary(beneficiary_id)
    intake.changes.change_status(beneficiary_id, BeneficiaryStatus.EXITED, actor="cw-3",
                                 reason="moved away")  # fmt: skip
    monkeypatch.setattr(intake.store.repository, "get", lambda *_, **__: stale)
    with pytest.raises(IntegrityError):
        intake.changes.change_status(beneficiary_id, SUSPENDED, actor="cw-1", reason="absent")
    monkeypatch.undo()
    assert intake.views.beneficiary(beneficiary_id).status is BeneficiaryStatus.EXITED
    assert listed(intake, status="suspended") == ([], 0)  # the loser's row was rolled back
