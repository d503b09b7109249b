"""Enrolling and changing beneficiaries through intake's use cases, in memory."""

from __future__ import annotations

from uuid import UUID

import pytest

from services.intake.application import AlreadyEnrolled, NotFlagged, Scope
from services.intake.application.enrolling import LIKELY_DUPLICATE
from services.intake.domain.reference import BeneficiaryStatus
from shared.auth import NotAllowed
from shared.rules import BusinessRuleBroken
from tests.unit.intake_memory import enrolled, in_memory_intake, listed, person

LARACHE = Scope(acts_in=frozenset({"LAR"}), sees=frozenset({"LAR"}))


def test_an_enrolment_is_an_event_and_a_register_row() -> None:
    intake = in_memory_intake()
    beneficiary_id = intake.beneficiaries.enrol_beneficiary(person("BK1"), actor="cw")
    record = intake.views.read_beneficiary(beneficiary_id)
    assert record.personal is not None and record.personal.cin == "BK1"
    assert (record.province_code, record.status, record.erased) == ("LAR", "enrolled", False)
    assert [e.what for e in intake.store.history(beneficiary_id)] == ["Enrolled"]
    assert intake.views.find_by_national_id("BK1") == beneficiary_id
    records, total = intake.views.search_beneficiaries(
        provinces=frozenset({"LAR"}), province=None, category="disaster_affected",
        status=None, limit=10, offset=0,
    )  # fmt: skip
    assert total == 1 and [r.beneficiary_id for r in records] == [beneficiary_id]


def test_the_same_identity_is_reported_with_the_existing_record() -> None:
    intake = in_memory_intake()
    first = intake.beneficiaries.enrol_beneficiary(person("BK2"), actor="cw")
    with pytest.raises(AlreadyEnrolled) as refused:
        intake.beneficiaries.enrol_beneficiary(person("BK2"), actor="cw")
    assert refused.value.existing_id == first
    outcomes = intake.beneficiaries.enrol_many([person("BK3"), person("BK3")], actor="cw")
    assert isinstance(outcomes[0], UUID) and isinstance(outcomes[1], AlreadyEnrolled)
    assert outcomes[1].existing_id == outcomes[0]


def test_a_look_alike_is_flagged_and_a_caseworker_decides() -> None:
    intake = in_memory_intake()
    first = intake.beneficiaries.enrol_beneficiary(person("BK4"), actor="cw")
    alike = intake.beneficiaries.enrol_beneficiary(person("BK5"), actor="cw")
    flagged = intake.views.read_beneficiary(alike)
    assert flagged.possible_duplicates == [first]
    assert intake.store.history(alike)[-1].why == LIKELY_DUPLICATE
    assert intake.duplicates.possible_duplicates(None) == [(alike, first)]
    with pytest.raises(NotFlagged):
        intake.duplicates.dismiss_duplicate(first, alike, actor="cw", reason="x")
    intake.duplicates.merge_duplicate(alike, first, actor="cw", reason="same person")
    assert intake.views.resolve(alike) == first
    assert intake.duplicates.possible_duplicates(None) == []
    assert intake.views.read_beneficiary(first).merged_ids == [alike]


def test_a_correction_keeps_the_old_values_in_history_and_refuses_a_held_identity() -> None:
    intake = in_memory_intake()
    beneficiary_id = intake.beneficiaries.enrol_beneficiary(person("BK6"), actor="cw")
    other = intake.beneficiaries.enrol_beneficiary(person("BK7", name_ar="فاطمة بنعلي"), actor="cw")
    intake.changes.correct_personal_data(
        beneficiary_id, {"phone": "0698765432"}, actor="cw", reason="new number"
    )
    record = intake.views.read_beneficiary(beneficiary_id)
    assert record.personal is not None and record.personal.phone == "0698765432"
    assert [e.what for e in intake.store.history(beneficiary_id)][-1] == "PersonalDataCorrected"
    with pytest.raises(AlreadyEnrolled) as taken:
        intake.changes.correct_personal_data(
            beneficiary_id, {"cin": "BK7"}, actor="cw", reason="typo"
        )
    assert taken.value.existing_id == other
    assert intake.views.find_by_national_id("BK6") == beneficiary_id  # nothing half-written
    assert intake.store.history(beneficiary_id)[-1].why == "new number"


def test_erasure_destroys_the_key_and_keeps_the_record() -> None:
    intake = in_memory_intake()
    beneficiary_id = intake.beneficiaries.enrol_beneficiary(person("BK8"), actor="cw")
    intake.changes.erase_personal_data(beneficiary_id, actor="cw", reason="law 09-08")
    record = intake.views.read_beneficiary(beneficiary_id)
    assert record.erased and record.personal is None and record.province_code == "LAR"
    assert intake.views.find_by_national_id("BK8") is None
    assert intake.store.history(beneficiary_id)[-1].what == "PersonalDataErased"


def test_changes_check_the_callers_provinces_and_the_residence() -> None:
    intake = in_memory_intake()
    khenifra = intake.beneficiaries.enrol_beneficiary(
        person(province_code="KHN", commune_code="KHN-001"), actor="cw"
    )
    with pytest.raises(NotAllowed):
        intake.changes.change_status(
            khenifra, BeneficiaryStatus.ACTIVE, actor="cw", reason="x", scope=LARACHE
        )
    larache = intake.beneficiaries.enrol_beneficiary(person(), actor="cw")
    with pytest.raises(NotAllowed):
        intake.changes.change_residence(
            larache, "KHN", "KHN-001", actor="cw", reason=None, scope=LARACHE
        )
    with pytest.raises(BusinessRuleBroken):
        intake.changes.change_residence(larache, "LAR", "KHN-001", actor="cw", reason=None)
    intake.changes.change_status(
        larache, BeneficiaryStatus.ACTIVE, actor="cw", reason="visited", scope=LARACHE
    )
    assert intake.views.read_beneficiary(larache).status == "active"
    assert [e.what for e in intake.store.history(khenifra)] == ["Enrolled"]


def test_a_look_alike_is_flagged_against_the_oldest_three_in_a_batch_or_not() -> None:
    intake = in_memory_intake()
    first = [intake.beneficiaries.enrol_beneficiary(person(), actor="cw") for _ in range(2)]
    outcomes = intake.beneficiaries.enrol_many([person() for _ in range(3)], actor="cw")
    batch = [b for b in outcomes if isinstance(b, UUID)]
    assert len(batch) == 3
    oldest = [first[0], first[1], batch[0]]
    last = intake.views.read_beneficiary(batch[2])
    assert sorted(last.possible_duplicates) == sorted(oldest)
    assert intake.views.read_beneficiary(first[0]).possible_duplicates == []
    pairs = dict(intake.duplicates.possible_duplicates(None))
    assert pairs == {i: first[0] for i in [first[1], *batch]}
    elsewhere = intake.beneficiaries.enrol_beneficiary(person(commune_code="LAR-002"), actor="cw")
    assert intake.views.read_beneficiary(elsewhere).possible_duplicates == []


def test_the_list_pages_oldest_first_within_the_callers_provinces() -> None:
    intake = in_memory_intake()
    khenifra = [enrolled(intake, "KHN") for _ in range(5)]
    larache = [enrolled(intake) for _ in range(3)]
    assert listed(intake, province="KHN", limit=2) == (khenifra[:2], 5)
    assert listed(intake, province="KHN", offset=4) == (khenifra[4:], 5)
    assert listed(intake, provinces=frozenset({"LAR", "KHN"})) == ([*khenifra, *larache], 8)
    assert listed(intake, provinces=frozenset({"LAR"}), province="KHN") == ([], 0)
    assert listed(intake, provinces=frozenset({"SAF"})) == ([], 0)
    assert listed(intake, category="disability") == ([], 0)
    assert listed(intake, category="disaster_affected", status="enrolled")[1] == 8
