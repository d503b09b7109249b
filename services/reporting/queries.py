"""Reads of the read model, filtered to the provinces the caller may see."""

from __future__ import annotations

from collections.abc import Collection

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from services.reporting.read_model import beneficiaries, reviews_by_province


class ProvinceCounts(BaseModel):
    province_code: str
    beneficiaries_enrolled: int
    by_category: dict[str, int]
    by_status: dict[str, int]
    eligibility_reviews_opened: int


class Counts(BaseModel):
    beneficiaries_enrolled: int
    eligibility_reviews_opened: int
    provinces: list[ProvinceCounts]


def counts(engine: Engine, provinces: Collection[str]) -> Counts:
    visible = None if "*" in provinces else set(provinces)
    rows: dict[str, ProvinceCounts] = {}

    def row_for(code: str) -> ProvinceCounts:
        empty = ProvinceCounts(
            province_code=code, beneficiaries_enrolled=0, by_category={}, by_status={},
            eligibility_reviews_opened=0,
        )  # fmt: skip
        return rows.setdefault(code, empty)

    people = select(
        beneficiaries.c.province_code, beneficiaries.c.status, beneficiaries.c.categories,
        func.count(),
    ).where(beneficiaries.c.merged.is_(False)).group_by(
        beneficiaries.c.province_code, beneficiaries.c.status, beneficiaries.c.categories
    )  # fmt: skip
    with engine.connect() as conn:
        for province, status, categories, n in conn.execute(people):
            if visible is not None and province not in visible:
                continue
            row = row_for(province)
            row.beneficiaries_enrolled += n
            row.by_status[status] = row.by_status.get(status, 0) + n
            for name in filter(None, categories.split(",")):
                row.by_category[name] = row.by_category.get(name, 0) + n
        for province, opened in conn.execute(select(reviews_by_province)):
            if visible is None or province in visible:
                row_for(province).eligibility_reviews_opened += opened
    ordered = sorted(rows.values(), key=lambda r: r.province_code)
    return Counts(
        beneficiaries_enrolled=sum(r.beneficiaries_enrolled for r in ordered),
        eligibility_reviews_opened=sum(r.eligibility_reviews_opened for r in ordered),
        provinces=ordered,
    )
