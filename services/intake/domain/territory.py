"""Morocco's territory: 12 regions, their provinces and prefectures, and the communes in them.

Shipped in data/territory.json; communes are partial there, admins add the rest (see
commune_registry.py), which is why a Territory can grow into a new one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

SHIPPED_DATA = Path(__file__).parent / "data" / "territory.json"


class ProvinceKind(StrEnum):
    PROVINCE = "province"
    PREFECTURE = "prefecture"


class CommuneKind(StrEnum):
    URBAN = "urban"
    RURAL = "rural"


@dataclass(frozen=True)
class Region:
    code: str
    name_lat: str
    name_ar: str


@dataclass(frozen=True)
class Province:
    code: str
    name_lat: str
    name_ar: str
    kind: ProvinceKind
    region_code: str


@dataclass(frozen=True)
class Commune:
    code: str
    name_lat: str
    name_ar: str
    kind: CommuneKind
    province_code: str


class Territory:
    """An immutable set of regions, provinces and communes, each looked up by code."""

    def __init__(
        self,
        regions: Iterable[Region],
        provinces: Iterable[Province],
        communes: Iterable[Commune],
    ) -> None:
        self._regions = {r.code: r for r in regions}
        self._provinces = {p.code: p for p in provinces}
        self._communes = {c.code: c for c in communes}

    def regions(self) -> list[Region]:
        return list(self._regions.values())

    def provinces(self, region_code: str | None = None) -> list[Province]:
        return [
            p
            for p in self._provinces.values()
            if region_code is None or p.region_code == region_code
        ]

    def region(self, code: str) -> Region | None:
        return self._regions.get(code)

    def province(self, code: str) -> Province | None:
        return self._provinces.get(code)

    def communes(self, province_code: str) -> list[Commune]:
        return [c for c in self._communes.values() if c.province_code == province_code]

    def commune(self, code: str) -> Commune | None:
        return self._communes.get(code)

    def with_commune(self, commune: Commune) -> Territory:
        return Territory(
            self._regions.values(),
            self._provinces.values(),
            [*self._communes.values(), commune],
        )

    def knows_province(self, code: str) -> bool:
        return code in self._provinces

    def knows_commune(self, code: str, province_code: str) -> bool:
        commune = self._communes.get(code)
        return commune is not None and commune.province_code == province_code


def territory_from(data: dict[str, Any]) -> Territory:
    return Territory(
        regions=(Region(r["code"], r["name_lat"], r["name_ar"]) for r in data["regions"]),
        provinces=(
            Province(
                p["code"], p["name_lat"], p["name_ar"], ProvinceKind(p["kind"]), p["region_code"]
            )
            for p in data["provinces"]
        ),
        communes=(
            Commune(
                c["code"], c["name_lat"], c["name_ar"], CommuneKind(c["kind"]), c["province_code"]
            )
            for c in data["communes"]
        ),
    )


@cache
def shipped_territory() -> Territory:
    """The territory shipped with the project, read once per process."""
    return territory_from(json.loads(SHIPPED_DATA.read_text(encoding="utf-8")))
