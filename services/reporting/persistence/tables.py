"""Reporting's read-model tables: one non-personal row per beneficiary and per decision."""

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

# One row per decision grants published (`grants.decisions`): where it stands, and what its
# next approval needs to know. Retired with grants' eligibility reviews: `reviews_by_province`,
# left alone in databases that have it (nothing reads or writes it).
decisions = Table(
    "decisions",
    metadata,
    Column("decision_id", Uuid, primary_key=True),
    Column("programme_id", Uuid, nullable=False),
    Column("province_code", String(8), index=True, nullable=False),
    Column("status", String(32), nullable=False),
    Column("approvals", Integer, nullable=False),
    Column("approvals_needed", Integer, nullable=False),
)


def categories_column(categories: frozenset[str]) -> str:
    return "," + ",".join(sorted(categories)) + ","


def categories_of_column(value: str | None) -> frozenset[str]:
    return frozenset(name for name in (value or "").split(",") if name)
