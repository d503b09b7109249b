"""`Provinces` from the territory intake ships (its data file, read, not imported: grants does
not import intake's code, and no shared module holds the territory yet)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

SHIPPED_TERRITORY = Path(__file__).parents[2] / "intake" / "domain" / "data" / "territory.json"


@cache
def _province_codes(path: Path) -> frozenset[str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return frozenset(str(p["code"]) for p in data["provinces"])


class ShippedProvinces:
    def __init__(self, path: Path = SHIPPED_TERRITORY) -> None:
        self._path = path

    def known(self, province_code: str) -> bool:
        return province_code in _province_codes(self._path)
