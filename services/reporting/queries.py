"""Reads of the read model, filtered to the provinces the caller may see."""

from __future__ import annotations

from collections.abc import Collection

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.engine import Engine

from services.reporting.read_model import enrolments_by_province, reviews_by_province


class ProvinceCounts(BaseModel):
    province_code: str
    beneficiaries_enrolled: int
    by_category: dict[str, int]
    eligibility_reviews_opened: int


class Counts(BaseModel):
    beneficiaries_enrolled: int
    eligibility_reviews_opened: int
    provinces: list[ProvinceCounts]


def counts(engine: Engine, provinces: Collection[str]) -> Counts:
    visible = None if "*" in provinces else set(provinces)
    by_province: dict[str, ProvinceCounts] = {}

    def row_for(code: str) -> ProvinceCounts:
        return by_province.setdefault(
            code,
            ProvinceCounts(
                province_code=code,
                beneficiaries_enrolled=0,
                by_category={},
                eligibility_reviews_opened=0,
            ),
        )

    with engine.connect() as conn:
        for province, category, enrolled in conn.execute(select(enrolments_by_province)):
            if visible is None or province in visible:
                row = row_for(province)
                row.by_category[category] = enrolled
                row.beneficiaries_enrolled += enrolled
        for province, opened in conn.execute(select(reviews_by_province)):
            if visible is None or province in visible:
                row_for(province).eligibility_reviews_opened += opened
    rows = sorted(by_province.values(), key=lambda r: r.province_code)
    return Counts(
        beneficiaries_enrolled=sum(r.beneficiaries_enrolled for r in rows),
        eligibility_reviews_opened=sum(r.eligibility_reviews_opened for r in rows),
        provinces=rows,
    )
