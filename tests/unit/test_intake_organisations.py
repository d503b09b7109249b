"""Institutions and associations through intake's use cases, in memory: registering them,
licensing, managing associations, agreements, lists and scope (what
tests/integration/test_organisations_api.py checks over HTTP)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from uuid import UUID

import pytest
from eventsourcing.application import AggregateNotFoundError

from services.intake.application.records import NotYetRecorded, OrganisationQuery
from services.intake.domain.association import NoSuchAgreement
from services.intake.domain.reference import Category, InstitutionType, LicensingStatus
from services.intake.persistence import memory
from shared.auth import NotAllowed
from tests.unit.intake_memory import (
    AL_AMAL,
    DAR_AL_ATFAL,
    agreement,
    association,
    broken,
    events_of,
    in_memory_intake,
    institution,
    license_,
    scope,
)

S = LicensingStatus


def test_an_institution_is_registered_shown_and_its_history_kept() -> None:
    intake = in_memory_intake()
    institution_id = institution(intake)
    shown = intake.organisations.institution(institution_id)
    assert (shown.name_ar, shown.licensing_status, shown.version) == (
        "دار الأطفال خنيفرة", S.LICENSING_IN_PROGRESS, 1,
    )  # fmt: skip
    time.sleep(0.001)  # the change's timestamp comes strictly after the registration's
    license_(intake, institution_id, S.LICENSED, "2021-03-01", reason="décision du délégué")
    licensed = intake.organisations.institution(institution_id)
    assert (licensed.licensing_effective_on, licensed.managing_association_id) == (
        date(2021, 3, 1),
        None,
    )
    history = intake.organisations.history(institution_id)
    assert [(e.what, e.who) for e in history] == [
        ("Registered", "cw-khenifra"), ("LicensingChanged", "cw-khenifra"),
    ]  # fmt: skip
    assert history[1].why == "décision du délégué"
    before = intake.organisations.institution(institution_id, as_of=history[0].when)
    assert before.licensing_status == S.LICENSING_IN_PROGRESS
    now = intake.organisations.institution(institution_id, as_of=history[1].when)
    assert now.licensing_status == S.LICENSED
    with pytest.raises(NotYetRecorded):
        intake.organisations.institution(institution_id, as_of=history[0].when.replace(year=2020))


def test_licensing_moves_by_the_allowed_transitions_only() -> None:
    intake = in_memory_intake()
    institution_id = institution(intake)
    with broken("status"):
        license_(intake, institution_id, S.SUSPENDED, "2021-01-01")
    with broken("status"):
        license_(intake, institution_id, S.LICENSING_IN_PROGRESS, "2021-01-01")
    license_(intake, institution_id, S.LICENSED, "2021-03-01")
    license_(intake, institution_id, S.SUSPENDED, "2022-01-10")
    with broken("effective_on"):
        license_(intake, institution_id, S.LICENSED, "2021-12-31")
    with broken("reason"):
        license_(intake, institution_id, S.LICENSED, "2024-01-01", reason=" ")
    license_(intake, institution_id, S.CLOSED, "2023-01-01")
    with broken("status"):
        license_(intake, institution_id, S.LICENSED, "2023-02-01")
    shown = intake.organisations.institution(institution_id)
    assert (shown.licensing_status, shown.version) == (S.CLOSED, 4)


def test_a_bad_registration_names_its_field_and_records_nothing() -> None:
    intake = in_memory_intake()
    cases: list[tuple[dict[str, object], str]] = [
        ({"capacity": 0}, "capacity"),
        ({"province_code": "XXX"}, "province_code"),
        ({"commune_code": "LAR-001"}, "commune_code"),
        ({"licensing_status": S.CLOSED}, "licensing_status"),
        ({"name_lat": None, "name_ar": " "}, "name_ar"),
        ({"managing_association_id": UUID(int=7)}, "managing_association_id"),
    ]
    for changes, field in cases:
        with broken(field):
            institution(intake, **changes)
    with broken("fields_of_work"):
        association(intake, fields_of_work=())
    with broken("registration_number"):
        association(intake, registration_number=" ")
    assert not intake.store.recorder.max_notification_id()


def test_a_caller_registers_and_changes_records_of_their_provinces_only() -> None:
    intake = in_memory_intake()
    institution_id, association_id = institution(intake), association(intake)
    safi, organisations = scope("SAF"), intake.organisations
    attempts: list[Callable[[], object]] = [
        lambda: organisations.register_institution(DAR_AL_ATFAL, actor="cw", scope=safi),
        lambda: organisations.register_association(AL_AMAL, actor="cw", scope=safi),
        lambda: license_(intake, institution_id, S.LICENSED, "2021-03-01", scope=safi),
        lambda: organisations.assign_managing_association(
            institution_id, association_id, actor="cw", scope=safi
        ),
        lambda: agreement(intake, association_id, scope=safi),
    ]
    for attempt in attempts:
        with pytest.raises(NotAllowed):
            attempt()
    assert events_of(intake)(institution_id) == events_of(intake)(association_id) == ["Registered"]


def test_unknown_records_are_not_found_whatever_their_kind() -> None:
    intake = in_memory_intake()
    association_id = association(intake)
    organisations = intake.organisations
    reads: tuple[Callable[[UUID], object], ...] = (
        organisations.institution, organisations.association, organisations.history,
    )  # fmt: skip
    for read, record_id in zip(reads, (association_id, UUID(int=7), UUID(int=7)), strict=True):
        with pytest.raises(AggregateNotFoundError):  # an association is no institution
            read(record_id)
    with pytest.raises(NoSuchAgreement):
        intake.organisations.end_agreement(
            association_id, UUID(int=7), ended_on=date(2022, 1, 1), reason="r", actor="cw"
        )


def test_a_managing_association_must_be_registered_and_change() -> None:
    intake = in_memory_intake()
    association_id = association(intake)
    institution_id = institution(intake, managing_association_id=association_id)
    assert (
        intake.organisations.institution(institution_id).managing_association_id == association_id
    )
    assign = intake.organisations.assign_managing_association
    with broken("managing_association_id"):  # an institution is not an association
        assign(institution_id, institution_id, actor="cw")
    with broken("managing_association_id"):  # the same one again
        assign(institution_id, association_id, actor="cw")
    other_id = association(intake, name="Autre")
    moved = assign(institution_id, other_id, actor="cw", reason="nouvelle convention")
    assert moved.managing_association_id == other_id
    last = intake.organisations.history(institution_id)[-1]
    assert (last.what, last.why) == ("ManagerAssigned", "nouvelle convention")


def test_agreements_are_signed_and_ended_once() -> None:
    intake = in_memory_intake()
    association_id = association(intake)
    organisations = intake.organisations
    with broken("ends_on"):
        agreement(intake, association_id, ends_on="2021-01-01")
    agreement_id = agreement(intake, association_id)
    ended = organisations.end_agreement(
        association_id, agreement_id, ended_on=date(2024, 6, 30), reason="dissolution", actor="cw"
    )
    [signed] = ended.agreements
    assert (signed.agreement_id, signed.ended_on, signed.end_reason) == (
        agreement_id, date(2024, 6, 30), "dissolution",
    )  # fmt: skip
    with broken("agreement_id"):
        organisations.end_agreement(
            association_id, agreement_id, ended_on=date(2024, 7, 1), reason="x", actor="cw"
        )
    assert events_of(intake)(association_id) == ["Registered", "AgreementSigned", "AgreementEnded"]


def test_institutions_are_listed_by_name_filtered_and_paged() -> None:
    intake = in_memory_intake()
    kinds = [("KHN", InstitutionType.KINDERGARTEN)] * 3 + [
        ("KHN", InstitutionType.SOCIAL_COMPLEX), ("SAF", InstitutionType.KINDERGARTEN),
    ]  # fmt: skip
    ids = [
        institution(
            intake, name_lat=f"Centre {n}", province_code=p, commune_code=f"{p}-001", type=t
        )
        for n, (p, t) in enumerate(kinds)
    ]
    khenifra = frozenset({"KHN"})

    def page(
        provinces: frozenset[str] | None = khenifra, **query: object
    ) -> tuple[list[UUID], int]:
        found = intake.organisations.institutions(OrganisationQuery(provinces, **query))  # type: ignore[arg-type]
        return [r.id for r in found.rows], found.total

    assert page(limit=2) == (ids[:2], 4)
    assert page(limit=2, offset=2) == (ids[2:4], 4)
    assert page(None, type="kindergarten") == ([*ids[:3], ids[4]], 4)
    assert page(frozenset({"SAF"})) == ([ids[4]], 1)
    license_(intake, ids[0], S.LICENSED, "2021-03-01")
    assert page(status="licensed") == ([ids[0]], 1)
    [row] = intake.organisations.institutions(OrganisationQuery(khenifra, status="licensed")).rows
    assert (row.status, row.name_lat, row.type) == ("licensed", "Centre 0", "kindergarten")


def test_associations_are_listed_by_field_of_work() -> None:
    intake = in_memory_intake()
    al_amal = association(intake)
    association(intake, name="Amal Women", fields_of_work=(Category.WOMAN_IN_DIFFICULTY,))
    found = intake.organisations.associations(OrganisationQuery(None, field="disability"))
    assert [r.id for r in found.rows] == [al_amal]
    assert found.rows[0].fields_of_work == ["elderly_without_support", "disability"]
    assert intake.organisations.associations(OrganisationQuery(None)).total == 2
    assert intake.organisations.associations(OrganisationQuery(frozenset({"SAF"}))).total == 0


def test_the_events_and_the_index_row_commit_together(monkeypatch: pytest.MonkeyPatch) -> None:
    intake = in_memory_intake()

    def index_down(*_: object) -> None:
        raise RuntimeError("index down")

    monkeypatch.setattr(memory, "institution_row", index_down)
    with pytest.raises(RuntimeError):
        institution(intake)
    assert not intake.store.recorder.max_notification_id()
    assert intake.organisations.institutions(OrganisationQuery(None)).total == 0
