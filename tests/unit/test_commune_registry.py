"""Admins add communes through the registry; its rules keep codes sound and unique."""

from __future__ import annotations

from typing import Any

import pytest

from services.intake.domain.commune_registry import COMMUNE_REGISTRY_ID, CommuneRegistry
from services.intake.domain.territory import CommuneKind
from shared.rules import BusinessRuleBroken

KHEMIS_SAHEL: dict[str, Any] = {
    "code": "LAR-101",
    "province_code": "LAR",
    "name_lat": "Khemis Sahel",
    "name_ar": "خميس الساحل",
    "kind": CommuneKind.RURAL,
    "actor": "admin-1",
    "reason": "missing from the shipped list",
}


def test_the_registry_has_one_fixed_id() -> None:
    assert CommuneRegistry().id == COMMUNE_REGISTRY_ID == CommuneRegistry().id


def test_an_added_commune_joins_the_territory_as_an_event() -> None:
    registry = CommuneRegistry()
    registry.add_commune(**KHEMIS_SAHEL)
    territory = registry.territory()
    assert territory.knows_commune("LAR-101", "LAR")
    assert territory.commune("LAR-101").name_ar == "خميس الساحل"  # type: ignore[union-attr]
    assert territory.knows_commune("LAR-001", "LAR")
    added = registry.collect_events()[-1]
    assert type(added).__name__ == "CommuneAdded"
    assert added.actor == "admin-1"  # type: ignore[attr-defined]
    assert added.kind == "rural"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"province_code": "ZZZ", "code": "ZZZ-001"}, "province_code"),
        ({"code": "KEN-101"}, "code"),
        ({"code": "LAR-1"}, "code"),
        ({"code": "LAR101"}, "code"),
        ({"code": "LAR-001"}, "code"),
        ({"name_ar": "  "}, "name_lat"),
    ],
)
def test_broken_rules_add_nothing(change: dict[str, Any], field: str) -> None:
    registry = CommuneRegistry()
    with pytest.raises(BusinessRuleBroken) as broken:
        registry.add_commune(**(KHEMIS_SAHEL | change))
    assert broken.value.field == field
    assert registry.added == []


def test_a_code_cannot_be_added_twice() -> None:
    registry = CommuneRegistry()
    registry.add_commune(**KHEMIS_SAHEL)
    with pytest.raises(BusinessRuleBroken) as broken:
        registry.add_commune(**(KHEMIS_SAHEL | {"name_lat": "Other"}))
    assert broken.value.field == "code"
    assert len(registry.added) == 1
