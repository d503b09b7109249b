"""Counts per province, from groups of beneficiaries and the reviews opened per province."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

EVERY_PROVINCE = "*"


@dataclass(frozen=True)
class BeneficiaryGroup:
    """How many beneficiaries of one province share a status and a set of categories."""

    province_code: str
    status: str
    categories: frozenset[str]
    count: int


@dataclass(frozen=True)
class ReviewsOpened:
    province_code: str
    count: int


@dataclass
class ProvinceCounts:
    province_code: str
    beneficiaries_enrolled: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    eligibility_reviews_opened: int = 0


@dataclass(frozen=True)
class Counts:
    beneficiaries_enrolled: int
    eligibility_reviews_opened: int
    provinces: list[ProvinceCounts]


@dataclass(frozen=True)
class OnlyTheCallersProvincesAreCounted:
    provinces: Collection[str]

    def counts(self, province_code: str) -> bool:
        return EVERY_PROVINCE in self.provinces or province_code in self.provinces


def count_by_province(
    groups: Iterable[BeneficiaryGroup],
    reviews: Iterable[ReviewsOpened],
    scope: OnlyTheCallersProvincesAreCounted,
) -> Counts:
    """Totals and one row per province in scope that has anything to count, by code."""
    rows: dict[str, ProvinceCounts] = {}
    for group in groups:
        if not scope.counts(group.province_code):
            continue
        row = rows.setdefault(group.province_code, ProvinceCounts(group.province_code))
        row.beneficiaries_enrolled += group.count
        row.by_status[group.status] = row.by_status.get(group.status, 0) + group.count
        for name in sorted(group.categories):
            row.by_category[name] = row.by_category.get(name, 0) + group.count
    for opened in reviews:
        if scope.counts(opened.province_code):
            row = rows.setdefault(opened.province_code, ProvinceCounts(opened.province_code))
            row.eligibility_reviews_opened += opened.count
    ordered = sorted(rows.values(), key=lambda r: r.province_code)
    return Counts(
        beneficiaries_enrolled=sum(r.beneficiaries_enrolled for r in ordered),
        eligibility_reviews_opened=sum(r.eligibility_reviews_opened for r in ordered),
        provinces=ordered,
    )
