"""Counts per province, from groups of beneficiaries and groups of grants' decisions."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from uuid import UUID

from services.reporting.domain.decisions import DecisionGroup

EVERY_PROVINCE = "*"


@dataclass(frozen=True)
class BeneficiaryGroup:
    """How many beneficiaries of one province share a status and a set of categories."""

    province_code: str
    status: str
    categories: frozenset[str]
    count: int


@dataclass
class ProgrammeDecisions:
    """One programme's decisions in one province: every one was proposed, `by_status` says
    where they stand now."""

    programme_id: UUID
    decisions_proposed: int = 0
    by_status: dict[str, int] = field(default_factory=dict)


@dataclass
class ProvinceCounts:
    province_code: str
    beneficiaries_enrolled: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    decisions_proposed: int = 0
    decisions_by_status: dict[str, int] = field(default_factory=dict)
    programmes: list[ProgrammeDecisions] = field(default_factory=list)


@dataclass(frozen=True)
class Counts:
    beneficiaries_enrolled: int
    decisions_proposed: int
    decisions_by_status: dict[str, int]
    provinces: list[ProvinceCounts]


@dataclass(frozen=True)
class OnlyTheCallersProvincesAreCounted:
    provinces: Collection[str]

    def counts(self, province_code: str) -> bool:
        return EVERY_PROVINCE in self.provinces or province_code in self.provinces


def _add(counts: dict[str, int], key: str, n: int) -> None:
    counts[key] = counts.get(key, 0) + n


def count_by_province(
    groups: Iterable[BeneficiaryGroup],
    decisions: Iterable[DecisionGroup],
    scope: OnlyTheCallersProvincesAreCounted,
) -> Counts:
    """Totals and one row per province in scope that has anything to count, by code; in each,
    one row per programme with decisions, by id."""
    rows: dict[str, ProvinceCounts] = {}
    for group in groups:
        if not scope.counts(group.province_code):
            continue
        row = rows.setdefault(group.province_code, ProvinceCounts(group.province_code))
        row.beneficiaries_enrolled += group.count
        _add(row.by_status, group.status, group.count)
        for name in sorted(group.categories):
            _add(row.by_category, name, group.count)
    programmes: dict[tuple[str, UUID], ProgrammeDecisions] = {}
    for d in decisions:
        if not scope.counts(d.province_code):
            continue
        row = rows.setdefault(d.province_code, ProvinceCounts(d.province_code))
        row.decisions_proposed += d.count
        _add(row.decisions_by_status, d.status, d.count)
        key = (d.province_code, d.programme_id)
        if key not in programmes:
            programmes[key] = ProgrammeDecisions(d.programme_id)
            row.programmes.append(programmes[key])
        programmes[key].decisions_proposed += d.count
        _add(programmes[key].by_status, d.status, d.count)
    ordered = sorted(rows.values(), key=lambda r: r.province_code)
    by_status: dict[str, int] = {}
    for row in ordered:
        row.programmes.sort(key=lambda p: str(p.programme_id))
        for status, n in row.decisions_by_status.items():
            _add(by_status, status, n)
    return Counts(
        beneficiaries_enrolled=sum(r.beneficiaries_enrolled for r in ordered),
        decisions_proposed=sum(r.decisions_proposed for r in ordered),
        decisions_by_status=dict(sorted(by_status.items())),
        provinces=ordered,
    )
