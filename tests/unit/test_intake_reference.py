"""Reference data through intake's use cases, in memory: the shipped territory, communes an
admin adds (kept in the event store) and the cache other replicas read them through (what
tests/integration/test_reference_api.py checks over HTTP)."""

from __future__ import annotations

from typing import Any

from services.intake.application.reference import ReferenceData
from services.intake.domain.commune_registry import COMMUNE_REGISTRY_ID
from services.intake.domain.territory import CommuneKind
from tests.unit.intake_memory import broken, in_memory_intake, person

KHEMIS_SAHEL: dict[str, Any] = {
    "code": "LAR-101", "province_code": "LAR", "name_lat": "Khemis Sahel",
    "name_ar": "خميس الساحل", "kind": CommuneKind.RURAL,
}  # fmt: skip


def test_the_shipped_territory_has_every_region_province_and_commune() -> None:
    territory = in_memory_intake().reference.territory()
    assert len(territory.regions()) == 12 and len(territory.provinces()) == 75
    assert {p.code for p in territory.provinces("ORI")} >= {"OUJ", "NAD", "BRK"}
    assert territory.provinces("XXX") == [] and territory.communes("ZZZ") == []  # HTTP: 404
    larache = territory.communes("LAR")[0]
    assert (larache.code, larache.name_lat, larache.name_ar, larache.kind) == (
        "LAR-001", "Larache", "العرائش", CommuneKind.URBAN,
    )  # fmt: skip
    assert territory.knows_commune("LAR-001", "LAR")
    assert not territory.knows_commune("LAR-001", "KHN")


def test_an_added_commune_is_listed_kept_in_the_store_and_read_back_from_it() -> None:
    intake = in_memory_intake()
    intake.reference.add_commune(**KHEMIS_SAHEL, actor="admin-1", reason="new decree")
    assert intake.reference.territory().communes("LAR")[-1].code == "LAR-101"
    # Another replica (or a restart) finds it in the commune registry's events.
    restarted = ReferenceData(intake.store)
    assert restarted.territory().knows_commune("LAR-101", "LAR")
    history = intake.store.history(COMMUNE_REGISTRY_ID)
    assert [(e.what, e.who, e.why) for e in history][1:] == [
        ("CommuneAdded", "admin-1", "new decree")
    ]
    enrolled = intake.beneficiaries.enrol_beneficiary(person(commune_code="LAR-101"), actor="cw")
    assert intake.views.read_beneficiary(enrolled).commune_code == "LAR-101"


def test_a_bad_commune_names_its_field_and_is_not_added() -> None:
    intake = in_memory_intake()
    cases: list[tuple[dict[str, Any], str]] = [
        ({"code": "LAR-12"}, "code"),
        ({"code": "KEN-101"}, "code"),
        ({"code": "LAR-001"}, "code"),  # taken by a shipped commune
        ({"province_code": "ZZZ", "code": "ZZZ-001"}, "province_code"),
        ({"name_ar": " "}, "name_lat"),
    ]
    for change, field in cases:
        with broken(field):
            intake.reference.add_commune(**(KHEMIS_SAHEL | change), actor="admin")
    assert not intake.reference.territory().knows_commune("LAR-101", "LAR")
    assert not intake.store.recorder.max_notification_id()


def test_a_commune_is_added_once() -> None:
    intake = in_memory_intake()
    intake.reference.add_commune(**KHEMIS_SAHEL, actor="admin")
    with broken("code"):
        intake.reference.add_commune(**KHEMIS_SAHEL, actor="admin")
    intake.reference.add_commune(**(KHEMIS_SAHEL | {"code": "LAR-102"}), actor="admin")
    codes = [c.code for c in intake.reference.territory().communes("LAR")]
    assert codes[-2:] == ["LAR-101", "LAR-102"] and codes.count("LAR-101") == 1
    added = [e.what for e in intake.store.history(COMMUNE_REGISTRY_ID)]
    assert added.count("CommuneAdded") == 2  # the refused one left nothing behind


def test_another_replica_sees_an_added_commune_once_its_cache_expires() -> None:
    intake = in_memory_intake()
    replica = ReferenceData(intake.store)
    assert not replica.territory().knows_commune("LAR-101", "LAR")  # cached
    intake.reference.add_commune(**KHEMIS_SAHEL, actor="admin")
    assert intake.reference.territory().knows_commune("LAR-101", "LAR")  # its own: at once
    assert not replica.territory().knows_commune("LAR-101", "LAR")
    replica.TERRITORY_TTL_SECONDS = 0.0
    assert replica.territory().knows_commune("LAR-101", "LAR")
    with broken("commune_code"):  # the same goes for the residence rule enrolments check
        ReferenceData(intake.store).check_residence("LAR", "LAR-102")
    replica.check_residence("LAR", "LAR-101")


def test_a_residence_must_name_a_known_province_and_one_of_its_communes() -> None:
    reference = in_memory_intake().reference
    reference.check_residence("KHN", "KHN-001")
    with broken("province_code"):
        reference.check_residence("ZZZ", "ZZZ-001")
    with broken("commune_code"):
        reference.check_residence("KHN", "LAR-001")
