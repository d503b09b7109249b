"""Households, institutions, associations, reference data and imports through intake's use
cases, in memory."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest
from eventsourcing.persistence import IntegrityError

from services.intake.application import Scope
from services.intake.application.imports.beneficiary_rows import HEADER
from services.intake.application.imports.jobs import JobKind, Outcome
from services.intake.application.organisations import (
    AssociationRegistration,
    InstitutionRegistration,
)
from services.intake.application.records import OrganisationQuery
from services.intake.domain.household_rules import HeadMustBeEnrolled
from services.intake.domain.reference import (
    Category,
    DamageLevel,
    InstitutionType,
    LicensingStatus,
    Relation,
)
from services.intake.domain.territory import CommuneKind
from shared.auth import NotAllowed
from shared.rules import BusinessRuleBroken
from tests.unit.intake_memory import in_memory_intake, person

FLOODS = "floods-2026-02-north-west"


def test_a_household_registers_adds_members_and_records_an_impact() -> None:
    intake = in_memory_intake()
    head = intake.beneficiaries.enrol_beneficiary(person(), actor="cw")
    child = intake.beneficiaries.enrol_beneficiary(
        person(name_ar="يوسف المرابط", birth_date=date(2010, 1, 1)), actor="cw"
    )
    household_id = intake.households.register_household(
        head, "LAR", "LAR-001", "Douar Oulad Ogbane", None, actor="cw"
    )
    intake.households.add_member(household_id, child, Relation.CHILD, actor="cw")
    intake.households.record_disaster_impact(
        household_id, FLOODS, evacuated=True, damage=DamageLevel.REPAIRABLE, actor="cw"
    )
    record = intake.household_views.read_household(household_id)
    assert record.douar == "Douar Oulad Ogbane" and record.member_count == 2
    assert record.disaster_impacts == [
        {"disaster": FLOODS, "evacuated": True, "damage": "repairable"}
    ]
    found, total = intake.household_views.search_households(provinces=None, disaster=FLOODS)
    assert total == 1 and found[0].household_id == household_id
    assert intake.household_views.household_headed_by(head) == household_id
    intake.households.erase_household_address(household_id, actor="cw", reason="law 09-08")
    erased = intake.household_views.read_household(household_id)
    assert erased.erased and erased.douar is None and erased.member_count == 2


def test_a_household_needs_an_enrolled_head_the_caller_may_see() -> None:
    intake = in_memory_intake()
    with pytest.raises(BusinessRuleBroken) as broken:
        intake.households.register_household(uuid4(), "LAR", "LAR-001", "Douar", None, actor="cw")
    assert isinstance(broken.value.rule, HeadMustBeEnrolled)
    khenifra = intake.beneficiaries.enrol_beneficiary(
        person(province_code="KHN", commune_code="KHN-001"), actor="cw"
    )
    larache = Scope(acts_in=frozenset({"LAR"}), sees=frozenset({"LAR"}))
    with pytest.raises(NotAllowed):
        intake.households.register_household(
            khenifra, "LAR", "LAR-001", "Douar", None, actor="cw", scope=larache
        )
    with pytest.raises(BusinessRuleBroken):
        intake.household_views.search_households(provinces=None, disaster="no-such-disaster")


def test_institutions_and_associations_are_listed_by_their_index_rows() -> None:
    intake = in_memory_intake()
    association_id = intake.organisations.register_association(
        AssociationRegistration(
            name="جمعية الأمل", registration_number="KHN-2014-0117", province_code="KHN",
            fields_of_work=(Category.ELDERLY_WITHOUT_SUPPORT,),
        ),
        actor="cw",
    )  # fmt: skip
    institution_id = intake.organisations.register_institution(
        InstitutionRegistration(
            name_lat="Dar Al Atfal", name_ar=None, type=InstitutionType.KINDERGARTEN,
            province_code="KHN", commune_code="KHN-001", capacity=60,
            licensing_status=LicensingStatus.LICENSED, managing_association_id=association_id,
        ),
        actor="cw",
    )  # fmt: skip
    page = intake.organisations.institutions(OrganisationQuery(provinces=frozenset({"KHN"})))
    assert [r.id for r in page.rows] == [institution_id] and page.total == 1
    assert intake.organisations.institutions(OrganisationQuery(provinces=frozenset())).total == 0
    listed = intake.organisations.associations(
        OrganisationQuery(provinces=None, field="elderly_without_support")
    )
    assert [r.id for r in listed.rows] == [association_id]
    with pytest.raises(NotAllowed):
        intake.organisations.change_licensing(
            institution_id, status=LicensingStatus.SUSPENDED, effective_on=date(2026, 3, 1),
            reason="inspection", actor="cw", scope=Scope(acts_in=frozenset({"LAR"})),
        )  # fmt: skip


def test_an_admin_adds_a_commune_and_enrolments_may_use_it() -> None:
    intake = in_memory_intake()
    intake.reference.add_commune(
        code="LAR-101", province_code="LAR", name_lat="Khemis Sahel", name_ar="خميس الساحل",
        kind=CommuneKind.RURAL, actor="admin",
    )  # fmt: skip
    assert intake.reference.territory().knows_commune("LAR-101", "LAR")
    enrolled = intake.beneficiaries.enrol_beneficiary(person(commune_code="LAR-101"), actor="cw")
    assert intake.views.read_beneficiary(enrolled).commune_code == "LAR-101"


def _row(cin: str, commune_code: str = "LAR-002") -> str:
    cells = {c: "" for c in HEADER} | {
        "name_ar": "مريم", "cin": cin, "birth_date": "1961-04-12", "sex": "F",
        "province_code": "LAR", "commune_code": commune_code, "category": "disaster_affected",
        "evidence": "census", "since": "2026-02-14",
    }  # fmt: skip
    return ",".join(cells[c] for c in HEADER)


def test_an_import_job_answers_for_every_row() -> None:
    intake = in_memory_intake()
    text = "\n".join([",".join(HEADER), _row("BK1"), _row("BK1"), _row("BK2", "LAR-999")]) + "\n"
    job_id = intake.imports.submit_import(text, kind=JobKind.BENEFICIARIES, submitted_by="cw")
    report = intake.imports.run_import(text, kind=JobKind.BENEFICIARIES, actor="cw", job_id=job_id)
    assert (len(report.accepted), len(report.duplicates), len(report.rejected)) == (1, 1, 1)
    job = intake.imports.import_job(job_id)
    assert job is not None and job.status == "done" and job.processed_rows == 3
    [accepted] = intake.imports.import_outcomes(job_id, Outcome.ACCEPTED, 10)
    assert accepted.row == 2 and intake.views.find_by_national_id("BK1") == accepted.beneficiary_id
    [rejected] = intake.imports.import_outcomes(job_id, Outcome.REJECTED, 10)
    assert rejected.reasons == ["commune_code: unknown commune code for this province"]


def test_a_job_id_is_queued_once() -> None:
    intake = in_memory_intake()
    text = "\n".join([",".join(HEADER), _row("BK1")]) + "\n"
    job_id = intake.imports.submit_import(text, kind=JobKind.BENEFICIARIES, submitted_by="cw-1")
    intake.imports.run_import(text, kind=JobKind.BENEFICIARIES, actor="cw-1", job_id=job_id)
    with pytest.raises(IntegrityError):  # the job table's primary key
        intake.imports.submit_import(
            text, kind=JobKind.BENEFICIARIES, submitted_by="cw-2", job_id=job_id
        )
    job = intake.imports.import_job(job_id)
    assert job is not None and (job.submitted_by, job.status, job.accepted) == ("cw-1", "done", 1)
    assert len(intake.imports.import_outcomes(job_id, Outcome.ACCEPTED, 10)) == 1


def test_a_failed_transaction_leaves_the_rows_and_the_events_as_they_were() -> None:
    intake = in_memory_intake()
    head = intake.beneficiaries.enrol_beneficiary(person(), actor="cw")
    household_id = intake.households.register_household(
        head, "LAR", "LAR-001", "Douar", None, actor="cw"
    )
    recorded = intake.store.recorder.max_notification_id()
    with pytest.raises(BusinessRuleBroken):  # the head cannot be added again
        intake.households.add_member(household_id, head, Relation.SPOUSE, actor="cw")
    assert intake.store.recorder.max_notification_id() == recorded
    assert intake.household_views.read_household(household_id).member_count == 1
