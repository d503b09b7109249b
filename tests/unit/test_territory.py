"""The shipped territory: 12 regions, 75 provinces and prefectures, partial communes."""

from __future__ import annotations

import json

import pytest

from services.intake.domain.reference import PROVINCES
from services.intake.domain.rules import CommuneMustBeKnownInProvince, ProvinceMustBeKnown
from services.intake.domain.territory import (
    SHIPPED_DATA,
    Commune,
    CommuneKind,
    Province,
    ProvinceKind,
    Region,
    shipped_territory,
)
from shared.rules import BusinessRuleBroken, check

TERRITORY = shipped_territory()
SCENARIO_PROVINCES = ["KHN", "LAR", "KEN", "SKC", "SSL", "CHF", "SAF"]


def test_twelve_regions_with_their_codes() -> None:
    assert {r.code for r in TERRITORY.regions()} == {
        "TTA", "ORI", "FMK", "RSK", "BMK", "CSS", "MSF", "DTA", "SMA", "GON", "LSH", "DOE",
    }  # fmt: skip


def test_seventy_five_provinces_each_in_a_known_region() -> None:
    provinces = TERRITORY.provinces()
    assert len(provinces) == 75
    assert sum(p.kind is ProvinceKind.PREFECTURE for p in provinces) == 13
    assert all(TERRITORY.region(p.region_code) for p in provinces)
    assert len(TERRITORY.provinces("DOE")) == 2
    assert {p.code for p in TERRITORY.provinces("RSK")} >= {"RAB", "KEN", "SKC", "SSL"}


def test_codes_are_unique_in_the_shipped_file() -> None:
    data = json.loads(SHIPPED_DATA.read_text(encoding="utf-8"))
    for key in ("regions", "provinces", "communes"):
        codes = [item["code"] for item in data[key]]
        assert len(codes) == len(set(codes)), key
    assert "partial" in data["source"].lower()


def test_codes_already_in_use_are_kept_with_their_names() -> None:
    for code, name in PROVINCES.items():
        province = TERRITORY.province(code)
        assert province is not None, code
        assert province.name_lat == name
    for code in ("RAB", "CAS", "MAR", "FES", "AGA"):
        assert TERRITORY.province(code).kind is ProvinceKind.PREFECTURE  # type: ignore[union-attr]


def test_every_name_is_given_in_both_scripts() -> None:
    places: list[Region | Province | Commune] = [*TERRITORY.regions(), *TERRITORY.provinces()]
    places += [c for p in SCENARIO_PROVINCES for c in TERRITORY.communes(p)]
    for place in places:
        assert place.name_lat.strip(), place
        assert place.name_ar.strip(), place
        assert any("\u0600" <= ch <= "\u06ff" for ch in place.name_ar), place


@pytest.mark.parametrize("province_code", SCENARIO_PROVINCES)
def test_scenario_provinces_ship_communes_that_belong_to_them(province_code: str) -> None:
    communes = TERRITORY.communes(province_code)
    assert len(communes) >= 10
    assert any(c.kind is CommuneKind.URBAN for c in communes)
    for c in communes:
        assert c.province_code == province_code
        assert c.code.startswith(f"{province_code}-") and len(c.code) == len(province_code) + 4
    assert TERRITORY.commune(f"{province_code}-001") == communes[0]


def test_main_towns_are_where_they_belong() -> None:
    def names(code: str) -> set[str]:
        return {c.name_lat for c in TERRITORY.communes(code)}

    assert {"Larache", "Ksar El Kebir"} <= names("LAR")
    assert {"Kénitra", "Mehdia", "Sidi Taibi"} <= names("KEN")
    assert {"Safi", "Khénifra", "Chefchaouen"} <= names("SAF") | names("KHN") | names("CHF")
    assert TERRITORY.communes("CAS") == []


def test_with_commune_makes_a_new_territory() -> None:
    added = Commune("CAS-001", "Anfa", "أنفا", CommuneKind.URBAN, "CAS")
    grown = TERRITORY.with_commune(added)
    assert grown.communes("CAS") == [added]
    assert grown.knows_commune("CAS-001", "CAS")
    assert not TERRITORY.knows_commune("CAS-001", "CAS")


def test_province_must_be_known() -> None:
    check(ProvinceMustBeKnown("OUZ"), ProvinceMustBeKnown("DRI"))
    with pytest.raises(BusinessRuleBroken) as broken:
        check(ProvinceMustBeKnown("ZZZ"))
    assert broken.value.field == "province_code"


def test_commune_must_be_known_in_its_province() -> None:
    check(CommuneMustBeKnownInProvince("LAR-002", "LAR", TERRITORY))
    for commune_code, province_code in [("LAR-002", "KEN"), ("LAR-999", "LAR")]:
        with pytest.raises(BusinessRuleBroken) as broken:
            check(CommuneMustBeKnownInProvince(commune_code, province_code, TERRITORY))
        assert broken.value.field == "commune_code"
        assert str(broken.value) == "unknown commune code for this province"
