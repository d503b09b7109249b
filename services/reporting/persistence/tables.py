"""Reporting's read-model tables: one non-personal row per beneficiary, counts of reviews."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Integer, MetaData, String, Table, Uuid

metadata = MetaData()

beneficiaries = Table(
    "beneficiaries",
    metadata,
    Column("beneficiary_id", Uuid, primary_key=True),
    Column("province_code", String(8), index=True, nullable=False),
    Column("status", String(16), nullable=False),
    Column("categories", String(200), nullable=False),  # ",a,b," so a whole name can match
    Column("merged", Boolean, nullable=False, default=False),
)

reviews_by_province = Table(
    "reviews_by_province",
    metadata,
    Column("province_code", String(8), primary_key=True),
    Column("opened", Integer, nullable=False),
)


def categories_column(categories: frozenset[str]) -> str:
    return "," + ",".join(sorted(categories)) + ","


def categories_of_column(value: str | None) -> frozenset[str]:
    return frozenset(name for name in (value or "").split(",") if name)
